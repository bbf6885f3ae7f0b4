package io.pushgateway.cluster.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.MiniJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An import into a cluster of three, through one node, then {@code kill -9} of another: the
 * survivors hold every group with the push times it had at the Go Pushgateway. The backups wrote
 * the imported groups by running the same processor the owners ran, so they must agree.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ImportIntoClusterTest {

    private static final int GROUPS = 300;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private GoPushgatewayProcess go;
    private ClusterProcess cluster;

    @AfterEach
    void stop() {
        if (go != null) {
            go.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void importedTimesSurviveTheLossOfANode() throws Exception {
        assumeTrue(
                GoPushgatewayProcess.installed(),
                "the import is tested against the Go Pushgateway; apt-get install prometheus-pushgateway");
        go = GoPushgatewayProcess.start("go", "", List.of("--push.disable-consistency-check"));
        for (int i = 0; i < GROUPS; i++) {
            HttpResponse<String> push = CLIENT.send(
                    HttpRequest.newBuilder(go.baseUri().resolve("/metrics/job/spread/instance/i" + i))
                            .PUT(HttpRequest.BodyPublishers.ofString("spread_value " + i + "\n"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, push.statusCode(), push.body());
        }
        Map<String, Object> expected = pushTimes(go.baseUri());
        assertEquals(GROUPS, expected.size());
        cluster = ClusterProcess.start("import", 3, List.of("--web.enable-admin-api"));

        ImportRun run = ImportRun.of(
                300,
                "--from",
                go.baseUri().toString(),
                "--to",
                cluster.node(0).baseUri().toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().startsWith("groups read: 300, written: 300"), run::toString);

        cluster.kill(2);
        cluster.awaitMembers(2, ClusterProcess.MEMBER_TIMEOUT.multipliedBy(4));
        for (ClusterNode survivor : cluster.liveNodes()) {
            await("every imported group with its push time on " + survivor)
                    .atMost(ClusterProcess.RECONCILE_INTERVAL.multipliedBy(4))
                    .until(
                            () -> {
                                Map<String, Object> held = pushTimes(survivor.baseUri());
                                return expected.equals(held)
                                        ? null
                                        : held.size() + " groups, first difference: " + firstDifference(expected, held);
                            },
                            nullValue());
        }
    }

    /** Each group's push_time_seconds time stamp, by its instance label. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> pushTimes(URI base) {
        Map<String, Object> times = new TreeMap<>();
        try {
            HttpResponse<String> answer = CLIENT.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (Object group : (List<Object>) MiniJson.path(MiniJson.parse(answer.body()), "data")) {
                times.put(
                        String.valueOf(MiniJson.path(group, "labels", "instance")),
                        MiniJson.path(group, "push_time_seconds", "time_stamp"));
            }
        } catch (java.io.IOException e) {
            times.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return times;
    }

    private static String firstDifference(Map<String, Object> expected, Map<String, Object> held) {
        for (Map.Entry<String, Object> group : expected.entrySet()) {
            if (!group.getValue().equals(held.get(group.getKey()))) {
                return group.getKey() + ": " + group.getValue() + " at the source, " + held.get(group.getKey())
                        + " here";
            }
        }
        return "extra groups " + held.keySet();
    }
}
