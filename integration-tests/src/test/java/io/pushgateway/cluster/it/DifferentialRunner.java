package io.pushgateway.cluster.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays one {@link DiffCase} against a fresh reference gateway and a fresh gateway of ours and
 * lists every way in which their answers and final scrapes differ.
 */
final class DifferentialRunner {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SETTLE_POLL = Duration.ofMillis(50);

    /** What went wrong, each entry one line for the failure message; empty when all agreed. */
    record Outcome(List<String> tableErrors, List<String> differences) {}

    private DifferentialRunner() {}

    static Outcome run(DiffCase diffCase, Gateway reference, Gateway ours) {
        GatewayHttp referenceHttp = new GatewayHttp(reference);
        GatewayHttp ourHttp = new GatewayHttp(ours);
        List<Response> referenceAnswers = sendAll(referenceHttp, diffCase);
        List<Response> ourAnswers = sendAll(ourHttp, diffCase);

        List<String> tableErrors = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < diffCase.steps().size(); i++) {
            Step step = diffCase.steps().get(i);
            String where = "step " + (i + 1) + " " + step.request() + ": ";
            Response expected = referenceAnswers.get(i);
            Response actual = ourAnswers.get(i);
            if (expected.status() != step.expectedStatus()) {
                tableErrors.add(where + "the case expects " + step.expectedStatus() + " but " + reference.name()
                        + " answered " + expected.status() + " " + quote(expected.bodyText()));
            }
            compareStep(step, where, reference.name(), expected, ours.name(), actual, differences);
        }
        if (diffCase.compareScrape()) {
            compareScrapes(diffCase, reference, referenceHttp, ours, ourHttp, differences);
        }
        return new Outcome(tableErrors, differences);
    }

    private static List<Response> sendAll(GatewayHttp http, DiffCase diffCase) {
        List<Response> answers = new ArrayList<>();
        for (Step step : diffCase.steps()) {
            answers.add(http.send(step.request()));
        }
        return answers;
    }

    private static void compareStep(
            Step step,
            String where,
            String expectedName,
            Response expected,
            String actualName,
            Response actual,
            List<String> differences) {
        if (step.message() instanceof Step.MessageCheck.DeliberateDifference deliberate) {
            if (actual.status() != deliberate.ourStatus()) {
                differences.add(where + actualName + " answered " + actual.status() + " " + quote(actual.bodyText())
                        + " where it deliberately answers " + deliberate.ourStatus() + " (" + deliberate.why() + ")");
            }
            return;
        }
        if (expected.status() != actual.status()) {
            differences.add(where + "status " + expectedName + "=" + expected.status() + " "
                    + quote(expected.bodyText()) + " but " + actualName + "=" + actual.status() + " "
                    + quote(actual.bodyText()));
            return;
        }
        if (step.message() instanceof Step.MessageCheck.BeforeFirstBrace) {
            if (!expected.messagePrefix().equals(actual.messagePrefix())) {
                differences.add(where + "message (before first '{') " + expectedName + "="
                        + quote(expected.messagePrefix()) + " but " + actualName + "=" + quote(actual.messagePrefix()));
            }
        } else if (step.message() instanceof Step.MessageCheck.Exact) {
            if (!expected.bodyText().equals(actual.bodyText())) {
                differences.add(where + "body " + expectedName + "=" + quote(expected.bodyText()) + " but " + actualName
                        + "=" + quote(actual.bodyText()));
            }
        } else if (step.message() instanceof Step.MessageCheck.StartsWith startsWith) {
            if (!expected.bodyText().startsWith(startsWith.fixedPrefix())) {
                differences.add(where + expectedName + " message " + quote(expected.bodyText())
                        + " does not start with " + quote(startsWith.fixedPrefix()) + " (table error?)");
            }
            if (!actual.bodyText().startsWith(startsWith.fixedPrefix())) {
                differences.add(where + actualName + " message " + quote(actual.bodyText()) + " does not start with "
                        + quote(startsWith.fixedPrefix()));
            }
        }
        for (String header : step.comparedHeaders()) {
            Optional<String> expectedValue = expected.header(header);
            Optional<String> actualValue = actual.header(header);
            if (!expectedValue.equals(actualValue)) {
                differences.add(where + "header " + header + " " + expectedName + "=" + expectedValue.orElse("(none)")
                        + " but " + actualName + "=" + actualValue.orElse("(none)"));
            }
        }
    }

    private static void compareScrapes(
            DiffCase diffCase,
            Gateway reference,
            GatewayHttp referenceHttp,
            Gateway ours,
            GatewayHttp ourHttp,
            List<String> differences) {
        Response expected = scrapeSettled(diffCase, referenceHttp);
        Response actual = scrapeSettled(diffCase, ourHttp);
        String where = "scrape GET " + diffCase.scrapePath() + ": ";
        if (expected.status() != 200 || actual.status() != 200) {
            differences.add(
                    where + "status " + reference.name() + "=" + expected.status() + " " + quote(expected.bodyText())
                            + ", " + ours.name() + "=" + actual.status() + " " + quote(actual.bodyText()));
            return;
        }
        Exposition.ComparableScrape want;
        Exposition.ComparableScrape got;
        try {
            want = Exposition.parse(expected.bodyText()).comparable();
        } catch (IllegalArgumentException e) {
            differences.add(where + reference.name() + " scrape unparsable: " + e.getMessage());
            return;
        }
        try {
            got = Exposition.parse(actual.bodyText()).comparable();
        } catch (IllegalArgumentException e) {
            differences.add(where + ours.name() + " scrape unparsable: " + e.getMessage() + " ("
                    + (e.getCause() == null ? "" : e.getCause().getMessage()) + ")");
            return;
        }
        compareSeries(where, reference.name(), want.series(), ours.name(), got.series(), differences);
        compareByFamily(
                where, "TYPE", reference.name(), want.types(), ours.name(), got.types(), List.of(), differences);
        compareByFamily(
                where,
                "HELP",
                reference.name(),
                want.helps(),
                ours.name(),
                got.helps(),
                diffCase.helpIgnoredFor(),
                differences);
    }

    /** The scrape, after waiting (bounded) for the case's marker series if it names one. */
    private static Response scrapeSettled(DiffCase diffCase, GatewayHttp http) {
        Response scrape = http.scrape(diffCase.scrapePath());
        if (diffCase.awaitSeriesBeforeScrape().isEmpty()) {
            return scrape;
        }
        String marker = diffCase.awaitSeriesBeforeScrape().get();
        AtomicReference<Response> last = new AtomicReference<>(scrape);
        try {
            return await("the series " + marker + " in the scrape")
                    .atMost(SETTLE_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(SETTLE_POLL)
                    .pollInSameThread()
                    .until(
                            () -> {
                                Response next = http.scrape(diffCase.scrapePath());
                                last.set(next);
                                return next;
                            },
                            settled -> settled.status() == 200
                                    && !Exposition.parse(settled.bodyText())
                                            .series(marker)
                                            .isEmpty());
        } catch (ConditionTimeoutException e) {
            // Compared as it is: the comparison then names what is missing.
            return last.get();
        }
    }

    private static void compareSeries(
            String where,
            String expectedName,
            List<String> expected,
            String actualName,
            List<String> actual,
            List<String> differences) {
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<String> unexpected = new ArrayList<>(actual);
        expected.forEach(unexpected::remove);
        for (String line : missing) {
            differences.add(where + "series only in " + expectedName + ": " + line);
        }
        for (String line : unexpected) {
            differences.add(where + "series only in " + actualName + ": " + line);
        }
    }

    private static void compareByFamily(
            String where,
            String what,
            String expectedName,
            SortedMap<String, String> expected,
            String actualName,
            SortedMap<String, String> actual,
            java.util.Collection<String> ignored,
            List<String> differences) {
        TreeSet<String> families = new TreeSet<>(expected.keySet());
        families.addAll(actual.keySet());
        for (String family : families) {
            if (ignored.contains(family)) {
                continue;
            }
            String want = expected.get(family);
            String got = actual.get(family);
            if (!Objects.equals(want, got)) {
                differences.add(where + what + " of " + family + ": " + expectedName + "="
                        + (want == null ? "(none)" : quote(want)) + " but " + actualName + "="
                        + (got == null ? "(none)" : quote(got)));
            }
        }
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
