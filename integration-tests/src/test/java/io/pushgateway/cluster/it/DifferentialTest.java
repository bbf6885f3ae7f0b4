package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays every {@link DiffCase} against a Go Pushgateway (the reference) and a gateway of ours,
 * both empty at the start of the case (see {@link GatewayPool}), and requires the same status codes, the same error messages (up to the first
 * '{') and the same pushed series, TYPE and HELP in the scrape afterwards.
 *
 * <p>{@code -Dit.differential.only=<substring>} runs only the cases whose name contains it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DifferentialTest {
    private static final GatewayPool POOL = new GatewayPool();

    @AfterAll
    static void stopGateways() {
        POOL.close();
    }

    static Stream<DiffCase> cases() {
        String only = System.getProperty("it.differential.only", "");
        return DifferentialCases.all().stream().filter(c -> c.name().contains(only));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesLikeTheGoPushgateway(DiffCase diffCase) {
        assumeTrue(
                GoPushgatewayProcess.installed(),
                "Go Pushgateway (the reference) is not installed; apt-get install prometheus-pushgateway");
        GatewayPool.Pair pair = POOL.acquire(diffCase);
        Gateway reference = pair.reference();
        Gateway ours = pair.ours();
        try {
            DifferentialRunner.Outcome outcome = DifferentialRunner.run(diffCase, reference, ours);
            if (!outcome.tableErrors().isEmpty()) {
                fail(diffCase.name() + ": the case table disagrees with the reference itself:\n  "
                        + String.join("\n  ", outcome.tableErrors())
                        + (outcome.differences().isEmpty()
                                ? ""
                                : "\nand differences:\n  " + String.join("\n  ", outcome.differences())));
            }
            if (!outcome.differences().isEmpty()) {
                fail(diffCase.name() + ": " + ours.name() + " differs from " + reference.name() + ":\n  "
                        + String.join("\n  ", outcome.differences()) + "\n--- " + ours.name() + " log: "
                        + ours.logTail());
            }
        } finally {
            POOL.release(diffCase, pair);
        }
    }

    @Test
    void caseNamesAreUniqueSoAFailureNamesOneBehaviour() {
        List<String> names =
                DifferentialCases.all().stream().map(DiffCase::name).toList();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = names.stream().filter(n -> !seen.add(n)).collect(Collectors.toSet());
        assertEquals(Set.of(), duplicates);
    }
}
