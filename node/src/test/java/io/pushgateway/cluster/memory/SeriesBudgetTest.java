package io.pushgateway.cluster.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.TextFormatParser;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.StoredFamily;
import io.pushgateway.cluster.store.hazelcast.GroupsForTests;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesBudgetTest {
    private static final GroupKey JOB_A = GroupKey.of("job", "a");
    private static final GroupKey JOB_B = GroupKey.of("job", "b");

    private final LocalReplica replica = new LocalReplica();

    @Test
    void derivedLimitIsTheStoreShareOfTheSmallestHeapOverTheBytesPerSeries() {
        long mib = 1024 * 1024;
        assertEquals(104_857, HeapSizing.seriesLimit(256 * mib));
        assertEquals(419_430, HeapSizing.seriesLimit(1024 * mib));
        SeriesBudget budget = new SeriesBudget(0, replica, 1024 * mib);
        assertEquals(419_430, budget.limit());
        budget.smallestMemberHeap(256 * mib);
        assertEquals(104_857, budget.limit(), "a smaller member lowers the limit for everyone");
        assertEquals(20, new SeriesBudget(20, replica, 1024 * mib).limit(), "the flag wins over the heap");
    }

    @Test
    void inflightAndBodyDefaultsFollowTheHeapAndKeep64MiBOnLargeHeaps() {
        long mib = 1024 * 1024;
        assertEquals(2 * mib, HeapSizing.inflightBytes(256 * mib));
        assertEquals(2 * mib, HeapSizing.bodyBytes(256 * mib));
        assertEquals(8 * mib, HeapSizing.bodyBytes(1024 * mib));
        assertEquals(64 * mib, HeapSizing.bodyBytes(8192 * mib));
        assertEquals(64 * mib, HeapSizing.bodyBytes(32768 * mib));
    }

    @Test
    void seriesAddedByAPushCountOnlyWhatTheGroupDoesNotHoldAlready() throws Exception {
        Group held = GroupsForTests.pushed(JOB_A, families(series("x", 3) + series("y", 2)));
        assertEquals(5, held.seriesCount());
        assertEquals(
                7,
                SeriesBudget.addedSeries(push(JOB_A, true, series("x", 3) + series("y", 2)), null),
                "a new group adds its two push-time series too");
        assertEquals(
                0,
                SeriesBudget.addedSeries(push(JOB_A, true, series("x", 3) + series("y", 2)), held),
                "an update of the same series adds none");
        assertEquals(
                -4,
                SeriesBudget.addedSeries(push(JOB_A, true, series("z", 1)), held),
                "a PUT replaces the whole group");
        assertEquals(
                1,
                SeriesBudget.addedSeries(push(JOB_A, false, series("z", 1)), held),
                "a POST keeps the families it does not name");
        assertEquals(
                2,
                SeriesBudget.addedSeries(push(JOB_A, false, series("x", 5)), held),
                "a POST replaces the families it names");
        assertEquals(
                2,
                SeriesBudget.addedSeries(push(JOB_A, true, series("push_time_seconds", 1)), null),
                "pushed synthetic families are ignored by the store");
    }

    @Test
    void aPushBeyondTheLimitIsRefusedWhileUpdatesAndShrinkingPass() throws Exception {
        replica.apply(GroupsForTests.pushed(JOB_A, families(series("x", 6))));
        SeriesBudget budget = new SeriesBudget(10, replica, Runtime.getRuntime().maxMemory());
        assertEquals(8, budget.stored(), "six pushed and two push-time series");

        StoreFullException full =
                assertThrows(StoreFullException.class, () -> budget.admit(push(JOB_B, true, series("x", 1))));
        assertTrue(
                full.getMessage().contains("limit of 10 series")
                        && full.getMessage().contains("--store.max-series"),
                full.getMessage());
        assertEquals(0, budget.admit(push(JOB_A, true, series("x", 6))), "an update passes on a full store");
        assertEquals(0, budget.admit(push(JOB_A, true, series("x", 2))), "a smaller group passes");

        long reserved = budget.admit(push(JOB_B, true, series("x", 0)));
        assertEquals(2, reserved);
        assertThrows(
                StoreFullException.class,
                () -> budget.admit(push(JOB_B, true, series("y", 1))),
                "room taken by a push in flight is not given twice");
        budget.release(reserved);
        assertEquals(2, budget.admit(push(JOB_B, true, series("y", 0))));
    }

    @Test
    void deletingAGroupMakesRoom() throws Exception {
        Group a = GroupsForTests.pushed(JOB_A, families(series("x", 8)));
        replica.apply(a);
        SeriesBudget budget = new SeriesBudget(10, replica, Runtime.getRuntime().maxMemory());
        assertThrows(StoreFullException.class, () -> budget.admit(push(JOB_B, true, series("x", 1))));

        replica.clear();
        assertEquals(0, budget.stored());
        assertEquals(10, budget.admit(push(JOB_B, true, series("x", 8))));
    }

    @Test
    void familiesDecodedFromTheirEncodingCountTheirSeries() throws Exception {
        for (Metrics.MetricFamily family : families(series("x", 7) + "# HELP y help\n# TYPE y summary\n"
                        + "y{quantile=\"0.5\"} 1\ny_sum 3\ny_count 2\ny{a=\"b\",quantile=\"0.5\"} 1\n")
                .values()) {
            StoredFamily decoded = StoredFamily.fromEncoded(family.getName(), family.toByteArray(), 1);
            assertEquals(family.getMetricCount(), decoded.seriesCount(), family.getName());
        }
        replica.apply(GroupsForTests.group(JOB_A, 1, families(series("x", 7) + series("y", 3))));
        replica.apply(GroupsForTests.group(JOB_B, 1, families(series("x", 2))));
        assertEquals(12, replica.seriesCount());
        replica.apply(GroupsForTests.group(JOB_A, 2, families(series("x", 1))));
        assertEquals(3, replica.seriesCount(), "a newer version replaces the group's count");
    }

    private static Push push(GroupKey key, boolean replace, String body) throws Exception {
        return new Push(key, replace, families(body), 1, 0);
    }

    private static Map<String, Metrics.MetricFamily> families(String body) throws Exception {
        return TextFormatParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String series(String name, int count) {
        StringBuilder text = new StringBuilder("# TYPE " + name + " gauge\n");
        for (int i = 0; i < count; i++) {
            text.append(name).append("{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        return text.toString();
    }
}
