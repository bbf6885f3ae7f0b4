package io.pushgateway.cluster.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pushgateway.cluster.persistence.SnapshotFile;
import io.pushgateway.cluster.persistence.SnapshotLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A single node saving its groups to a file and getting them back when started again. */
class PersistenceTest {
    @TempDir
    Path dir;

    @Test
    void groupsComeBackAfterARestartWithTheirPushTimesAndTtl() throws Exception {
        Path file = dir.resolve("groups.snapshot");
        JsonArray before;
        String scrapeBefore;
        try (TestNode node = TestNode.start("--persistence.file=" + file)) {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/backup/instance/db1", "backup_ok 1\nbackup_size_bytes 3e9\n")
                            .statusCode());
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/ci", "# TYPE ci_runs counter\nci_runs 7\n", "Pushgateway-TTL", "1h")
                            .statusCode());
            assertEquals(
                    200,
                    node.send("POST", "/metrics/job/ci", "ci_duration_seconds 12.5\n")
                            .statusCode());
            assertEquals(
                    400,
                    node.send("PUT", "/metrics/job/ci", "ci_runs 8 1000\n").statusCode(),
                    "a failed push is kept too");
            assertEquals(200, node.send("PUT", "/metrics/job/gone", "gone 1\n").statusCode());
            assertEquals(202, node.send("DELETE", "/metrics/job/gone", null).statusCode());
            before = groups(node);
            scrapeBefore = pushedLines(node.scrape());
        }
        assertTrue(Files.exists(file), "the final snapshot was written on shutdown");

        try (TestNode node = TestNode.start("--persistence.file=" + file)) {
            assertEquals(
                    sortedByJob(before),
                    sortedByJob(groups(node)),
                    "same groups, families, push and failure times, TTL and deadline");
            assertEquals(scrapeBefore, pushedLines(node.scrape()));
            assertFalse(node.scrape().contains("job=\"gone\""), "a deleted group stays deleted");
            assertEquals(2.0, nodeMetric(node, "pushgateway_persistence_restored_groups"));
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/backup/instance/db1", "backup_ok 0\n")
                            .statusCode(),
                    "restored groups take pushes as before");
        }
    }

    @Test
    void aSnapshotIsWrittenWithinAnIntervalOfAChange() throws Exception {
        Path file = dir.resolve("groups.snapshot");
        try (TestNode node = TestNode.start("--persistence.file=" + file, "--persistence.interval=1s")) {
            double first = nodeMetric(node, "pushgateway_persistence_last_snapshot_timestamp_seconds");
            assertEquals(200, node.send("PUT", "/metrics/job/periodic", "p 1\n").statusCode());
            await("a snapshot holding the pushed group")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> snapshotHolds(file, "periodic"));
            assertTrue(nodeMetric(node, "pushgateway_persistence_last_snapshot_timestamp_seconds") > first);
            assertTrue(nodeMetric(node, "pushgateway_persistence_last_snapshot_size_bytes") > 0);
            assertEquals(0.0, nodeMetric(node, "pushgateway_persistence_snapshot_failures_total"));
        }
    }

    @Test
    void pushesGoOnWhileSnapshotsAreTakenAndEverySnapshotIsIntact() throws Exception {
        Path file = dir.resolve("groups.snapshot");
        try (TestNode node = TestNode.start("--persistence.file=" + file, "--persistence.interval=1s")) {
            double last = nodeMetric(node, "pushgateway_persistence_last_snapshot_timestamp_seconds");
            int snapshots = 0;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int i = 0; snapshots < 3; i++) {
                assertTrue(System.nanoTime() < end, "three snapshots within 60 s; saw " + snapshots);
                assertEquals(
                        200,
                        node.send("PUT", "/metrics/job/busy/instance/i" + (i % 50), "busy " + i + "\n")
                                .statusCode());
                double taken = nodeMetric(node, "pushgateway_persistence_last_snapshot_timestamp_seconds");
                if (taken > last) {
                    snapshots++;
                    last = taken;
                    int groups =
                            new SnapshotFile(file).read().orElseThrow().groups().size();
                    assertTrue(groups >= 1 && groups <= 50, groups + " groups");
                }
            }
            assertEquals(0.0, nodeMetric(node, "pushgateway_persistence_snapshot_failures_total"));
        }
    }

    @Test
    void aCorruptSnapshotIsLoggedCountedAndSkipped() throws Exception {
        Path file = dir.resolve("groups.snapshot");
        Files.write(file, "PGCSNAP\n this is not what a snapshot holds".getBytes());
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(SnapshotLoader.class);
        log.start();
        logger.addAppender(log);
        try (TestNode node = TestNode.start("--persistence.file=" + file)) {
            assertEquals(new JsonArray(), groups(node), "started empty");
            assertEquals(1.0, nodeMetric(node, "pushgateway_persistence_corrupt_snapshots_total"));
            assertTrue(
                    log.list.stream()
                            .anyMatch(e -> e.getFormattedMessage().contains("could not load persisted metrics")
                                    && e.getLevel() == ch.qos.logback.classic.Level.ERROR),
                    "logged as an error: " + log.list);
            assertTrue(Files.exists(dir.resolve("groups.snapshot.corrupt")), "kept aside for inspection");
            assertEquals(200, node.send("PUT", "/metrics/job/after", "a 1\n").statusCode());
        } finally {
            logger.detachAppender(log);
        }
        assertTrue(snapshotHolds(file, "after"), "the node saves again over the corrupt file");
    }

    @Test
    void groupsWhoseDeadlinePassedWhileTheNodeWasDownAreNotRestored() throws Exception {
        Path file = dir.resolve("groups.snapshot");
        Instant deadline;
        try (TestNode node = TestNode.start("--persistence.file=" + file)) {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/short", "s 1\n", "Pushgateway-TTL", "3s")
                            .statusCode());
            assertEquals(200, node.send("PUT", "/metrics/job/long", "l 1\n").statusCode());
            deadline = Instant.parse(groups(node).stream()
                    .map(JsonObject.class::cast)
                    .filter(g -> g.getJsonObject("labels").getString("job").equals("short"))
                    .findFirst()
                    .orElseThrow()
                    .getString("expires_at"));
        }
        assertTrue(snapshotHolds(file, "short"), "saved while it was alive");
        await("the short-lived group's deadline passed")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().isAfter(deadline));
        try (TestNode node = TestNode.start("--persistence.file=" + file)) {
            String scrape = node.scrape();
            assertFalse(scrape.contains("job=\"short\""), scrape);
            assertTrue(scrape.contains("l{instance=\"\",job=\"long\"} 1\n"), scrape);
        }
    }

    private static JsonArray groups(TestNode node) throws Exception {
        return new JsonObject(node.send("GET", "/api/v1/metrics", null).body()).getJsonArray("data");
    }

    private static List<String> sortedByJob(JsonArray groups) {
        return groups.stream()
                .map(JsonObject.class::cast)
                .map(JsonObject::encode)
                .sorted()
                .toList();
    }

    /** The scrape's lines of pushed groups, not the node's own metrics. */
    private static String pushedLines(String scrape) {
        return String.join(
                "\n", scrape.lines().filter(l -> l.contains("job=\"")).toList());
    }

    private static double nodeMetric(TestNode node, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$")
                .matcher(node.send("GET", "/metrics/node", null).body());
        assertTrue(m.find(), name + " on /metrics/node");
        return Double.parseDouble(m.group(1));
    }

    private static boolean snapshotHolds(Path file, String job) {
        try {
            return new SnapshotFile(file)
                    .read()
                    .map(s -> s.groups().stream().anyMatch(g -> g.key().job().equals(job)))
                    .orElse(false);
        } catch (Exception e) {
            throw new AssertionError("snapshot unreadable", e);
        }
    }
}
