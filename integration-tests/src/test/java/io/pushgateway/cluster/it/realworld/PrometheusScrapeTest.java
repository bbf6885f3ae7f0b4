package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.Pusher;
import io.pushgateway.cluster.it.realworld.PrometheusServer.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, "Real components in the tests" and guarantee 8: a real Prometheus (honor_labels,
 * scraping every second) through nginx and every node directly sees the pushed values under the
 * pushed job and instance labels, every target is up, and over ten scrapes through the load
 * balancer no series changes, goes missing or appears, while other groups are pushed all along.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusScrapeTest {

    private static final String CONSTANT_JOB = "rw-constant";
    private static final String CONSTANT_METRIC = "rw_constant_value";
    private static final int CONSTANT_GROUPS = 5;
    private static final String CHURN_JOB = "rw-churn";
    private static final int CHURN_THREADS = 2;
    private static final int CHURN_GROUPS_PER_THREAD = 5;
    /** The scrapes looked at: about ten at one per second. */
    private static final String WINDOW = "[12s]";

    private static final int MIN_SCRAPES_IN_WINDOW = 10;
    private static final List<String> TARGETS = List.of("nginx", "node0", "node1", "node2");

    private final Http http = new Http();
    private ClusterProcess cluster;
    private NginxLoadBalancer nginx;
    private Pusher churn;
    private PrometheusServer prometheus;

    @BeforeEach
    void requireTools() {
        NginxLoadBalancer.executable();
        PrometheusServer.executable();
    }

    @AfterEach
    void stopEverything() {
        if (churn != null) {
            churn.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void prometheusSeesPushedSeriesWithTheirLabelsAndNoneFlaps() {
        cluster = ClusterProcess.start("prometheus", 3, List.of());
        nginx = NginxLoadBalancer.start("prometheus", cluster.nodes());
        for (int i = 0; i < CONSTANT_GROUPS; i++) {
            Http.Reply reply = http.send(
                    "PUT",
                    nginx.uri("/metrics/job/" + CONSTANT_JOB + "/instance/c" + i),
                    "# TYPE " + CONSTANT_METRIC + " gauge\n" + CONSTANT_METRIC + "{kind=\"constant\"} "
                            + constantValue(i) + "\n",
                    Http.WRITE);
            assertEquals(200, reply.status(), "push of constant group c" + i + " through nginx: " + reply);
        }
        churn = new Pusher(
                CHURN_JOB, List.of(nginx.baseUri()), CHURN_THREADS, CHURN_GROUPS_PER_THREAD, Duration.ofMillis(20));
        churn.start();
        int churnGroups = CHURN_THREADS * CHURN_GROUPS_PER_THREAD;
        await("every churn group pushed")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> churn.ledger().acknowledged().size() >= churnGroups
                                ? null
                                : churn.ledger().summary(),
                        nullValue());

        // Every group exists before the first scrape: from then on the set of series is fixed.
        prometheus = PrometheusServer.start("prometheus", nginx, cluster.nodes());
        long started = System.nanoTime();
        // The window must hold ten scrapes and not the first one, which adds every series.
        await(MIN_SCRAPES_IN_WINDOW + " scrapes through nginx in " + WINDOW + " after the first")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            List<Series> inWindow =
                                    prometheus.query("count_over_time(up{scraped_via=\"nginx\"}" + WINDOW + ")");
                            List<Series> before = prometheus.query("count_over_time(up{scraped_via=\"nginx\"}[1h])"
                                    + " - count_over_time(up{scraped_via=\"nginx\"}" + WINDOW + ")");
                            return values(inWindow).stream().allMatch(n -> n >= MIN_SCRAPES_IN_WINDOW)
                                            && values(before).stream().allMatch(n -> n >= 1)
                                            && !inWindow.isEmpty()
                                            && !before.isEmpty()
                                    ? null
                                    : "scrapes in the window " + values(inWindow) + ", before it " + values(before);
                        },
                        nullValue());
        System.out.printf(
                "[prometheus] %d scrapes through nginx after the first after %.1f s%n",
                MIN_SCRAPES_IN_WINDOW, (System.nanoTime() - started) / 1e9);

        List<Series> up = prometheus.query("up");
        List<Series> constants = prometheus.query(CONSTANT_METRIC);
        List<Series> exported = prometheus.query("{exported_job=~\".+\"} or {exported_instance=~\".+\"}");
        List<Series> changes =
                prometheus.query("changes(" + CONSTANT_METRIC + "{scraped_via=\"nginx\"}" + WINDOW + ")");
        List<Series> samplesPerScrape = prometheus.query("scrape_samples_scraped");
        List<Series> samplesSpread = prometheus.query("max_over_time(scrape_samples_scraped{scraped_via=\"nginx\"}"
                + WINDOW + ") - min_over_time(scrape_samples_scraped{scraped_via=\"nginx\"}" + WINDOW + ")");
        List<Series> seriesAdded =
                prometheus.query("sum_over_time(scrape_series_added{scraped_via=\"nginx\"}" + WINDOW + ")");
        System.out.printf("[prometheus] up: %s%n", valuesBy(up, "scraped_via"));
        System.out.printf(
                "[prometheus] samples per scrape: %s; through nginx over %s: max - min = %s," + " series added = %s%n",
                valuesBy(samplesPerScrape, "scraped_via"), WINDOW, values(samplesSpread), values(seriesAdded));
        System.out.printf("[prometheus] changes() of the constant series through nginx: %s%n", values(changes));

        churn.stop();
        Map<String, Long> acknowledged = churn.ledger().acknowledged();
        long pushesStopped = System.nanoTime();
        List<String> notYetSeen = new ArrayList<>();
        try {
            await("Prometheus showing every last acknowledged churn value through every target")
                    .atMost(Duration.ofSeconds(15))
                    .until(
                            () -> {
                                notYetSeen.clear();
                                notYetSeen.addAll(churnMismatches(
                                        prometheus.query(Pusher.METRIC + "{job=\"" + CHURN_JOB + "\"}"), acknowledged));
                                return notYetSeen.isEmpty()
                                        ? null
                                        : notYetSeen.size() + " series differ, e.g. "
                                                + notYetSeen.subList(0, Math.min(5, notYetSeen.size()));
                            },
                            nullValue());
        } finally {
            System.out.printf(
                    "[prometheus] churn (%s); last acknowledged values seen through all %d targets %.1f s after"
                            + " the pushes stopped (%d series still differing)%n",
                    churn.ledger().summary(),
                    TARGETS.size(),
                    (System.nanoTime() - pushesStopped) / 1e9,
                    notYetSeen.size());
        }

        assertAll(
                () -> assertEquals(allTargetsAt(1.0), valuesBy(up, "scraped_via"), "up of every target"),
                () -> assertEquals(
                        expectedConstants(),
                        constantsAsSeen(constants),
                        "the constant groups by target, as Prometheus stored them"),
                () -> assertEquals(List.of(), exported, "series whose pushed job or instance Prometheus renamed"),
                () -> assertTrue(
                        changes.size() == CONSTANT_GROUPS && changes.stream().allMatch(s -> s.value() == 0),
                        "changes() of a constant pushed value through nginx over " + WINDOW + ": " + changes),
                () -> assertEquals(
                        1,
                        new TreeSet<>(valuesBy(samplesPerScrape, "scraped_via").values()).size(),
                        "samples per scrape differ between nginx and the nodes: "
                                + valuesBy(samplesPerScrape, "scraped_via")),
                () -> assertEquals(
                        List.of(0.0), values(samplesSpread), "samples per scrape through nginx varied over " + WINDOW),
                () -> assertEquals(
                        List.of(0.0),
                        values(seriesAdded),
                        "series appeared through nginx over " + WINDOW
                                + " though every group existed before the first scrape"));
    }

    private static double constantValue(int group) {
        return 1.25 + group;
    }

    private static Map<String, Double> allTargetsAt(double value) {
        Map<String, Double> expected = new TreeMap<>();
        TARGETS.forEach(target -> expected.put(target, value));
        return expected;
    }

    /** Every constant group through every target, with the labels it was pushed with and its value. */
    private static Set<String> expectedConstants() {
        Set<String> expected = new TreeSet<>();
        for (String target : TARGETS) {
            for (int i = 0; i < CONSTANT_GROUPS; i++) {
                expected.add(describe(
                        Map.of(
                                "__name__",
                                CONSTANT_METRIC,
                                "job",
                                CONSTANT_JOB,
                                "instance",
                                "c" + i,
                                "kind",
                                "constant",
                                "scraped_via",
                                target),
                        constantValue(i)));
            }
        }
        return expected;
    }

    private static Set<String> constantsAsSeen(List<Series> constants) {
        return constants.stream()
                .map(s -> describe(s.labels(), s.value()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String describe(Map<String, String> labels, double value) {
        return new TreeMap<>(labels) + " " + value;
    }

    /** Churn series whose value is not the group's last acknowledged one, or missing, per target. */
    private static List<String> churnMismatches(List<Series> seen, Map<String, Long> acknowledged) {
        Map<String, Double> byTargetAndInstance = new TreeMap<>();
        seen.forEach(s -> byTargetAndInstance.put(s.label("scraped_via") + "/" + s.label("instance"), s.value()));
        List<String> mismatches = new ArrayList<>();
        for (String target : TARGETS) {
            acknowledged.forEach((instance, value) -> {
                Double found = byTargetAndInstance.get(target + "/" + instance);
                if (found == null || found != value.doubleValue()) {
                    mismatches.add(target + "/" + instance + " = " + found + ", last acknowledged " + value);
                }
            });
        }
        return mismatches;
    }

    private static Map<String, Double> valuesBy(List<Series> series, String label) {
        Map<String, Double> values = new TreeMap<>();
        series.forEach(s -> values.put(s.label(label), s.value()));
        return values;
    }

    private static List<Double> values(List<Series> series) {
        return series.stream().map(Series::value).toList();
    }
}
