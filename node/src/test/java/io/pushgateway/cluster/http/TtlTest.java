package io.pushgateway.cluster.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Groups with a time to live, on one node; the cluster tests cover expiry on every node. */
class TtlTest {
    private static final Duration POLL = Duration.ofMillis(50);
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("--push.ttl-rule=short-.*=1s", "--push.default-ttl=0");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void aGroupNotPushedAgainDisappearsAfterItsTtl() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/ttl_header", "t_a 1\n", "Pushgateway-TTL", "1s")
                        .statusCode());
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/ttl_query?ttl=1s", "t_b 1\n").statusCode());
        assertEquals(200, node.send("PUT", "/metrics/job/short-rule", "t_c 1\n").statusCode());
        assertEquals(200, node.send("PUT", "/metrics/job/forever", "t_d 1\n").statusCode());
        assertTrue(node.scrape().contains("t_a{"), "visible before its deadline");
        await("the groups with a TTL gone from the scrape")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(POLL)
                .until(() -> {
                    String scrape = scrapeQuietly();
                    return !scrape.contains("t_a{") && !scrape.contains("t_b{") && !scrape.contains("t_c{");
                });
        String scrape = node.scrape();
        assertFalse(scrape.contains("job=\"ttl_header\""), "its push time series went with it");
        assertTrue(scrape.contains("t_d{instance=\"\",job=\"forever\"} 1\n"), "no TTL, no expiry");
        assertFalse(node.send("GET", "/api/v1/metrics", null).body().contains("ttl_header"));
        java.util.regex.Matcher expired = java.util.regex.Pattern.compile(
                        "(?m)^pushgateway_expired_groups_total (\\S+)$")
                .matcher(node.send("GET", "/metrics/node", null).body());
        assertTrue(expired.find(), "the node counts expired groups");
        assertTrue(Double.parseDouble(expired.group(1)) >= 3, "at least these three expired: " + expired.group(1));
    }

    @Test
    void everySuccessfulPushRestartsTheTtlButAFailedOneDoesNot() throws Exception {
        Instant end = Instant.now().plusMillis(2500);
        while (Instant.now().isBefore(end)) {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/refreshed", "r 1\n", "Pushgateway-TTL", "1s")
                            .statusCode());
            assertTrue(node.scrape().contains("r{instance=\"\",job=\"refreshed\"} 1\n"), "kept alive by pushes");
        }
        // A rejected push (timestamps) records its failure but must not extend the group's life.
        assertEquals(
                400,
                node.send("PUT", "/metrics/job/refreshed", "r 1 1000\n", "Pushgateway-TTL", "1h")
                        .statusCode());
        await("the group gone once pushes stopped")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(POLL)
                .until(() -> !scrapeQuietly().contains("job=\"refreshed\""));
    }

    @Test
    void apiShowsTtlAndExpiry() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/shown", "s 1\n", "Pushgateway-TTL", "1h")
                        .statusCode());
        JsonArray data =
                new JsonObject(node.send("GET", "/api/v1/metrics", null).body()).getJsonArray("data");
        JsonObject group = data.stream()
                .map(JsonObject.class::cast)
                .filter(g -> g.getJsonObject("labels").getString("job").equals("shown"))
                .findFirst()
                .orElseThrow();
        assertEquals("3600", group.getString("ttl_seconds"));
        assertTrue(group.getString("expires_at").endsWith("Z"));
        JsonObject ttl = new JsonObject(node.send("GET", "/api/v1/status", null).body())
                .getJsonObject("data")
                .getJsonObject("ttl");
        assertEquals("0s", ttl.getString("default"));
        assertEquals("short-.*", ttl.getJsonArray("rules").getJsonObject(0).getString("job_pattern"));
    }

    @Test
    void invalidTtlIsA400AndStoresNothing() throws Exception {
        for (String bad : new String[] {"5", "-1s", "soon", "1m1h"}) {
            HttpResponse<String> response = node.send("PUT", "/metrics/job/badttl", "b 1\n", "Pushgateway-TTL", bad);
            assertEquals(400, response.statusCode(), bad);
            assertTrue(response.body().startsWith("invalid TTL \"" + bad + "\""), response.body());
        }
        assertEquals(
                400, node.send("PUT", "/metrics/job/badttl?ttl=abc", "b 1\n").statusCode());
        assertFalse(node.scrape().contains("job=\"badttl\""));
    }

    @Test
    void deleteRemovesAGroupWithTtlAtOnce() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/deleted_ttl", "d 1\n", "Pushgateway-TTL", "1h")
                        .statusCode());
        assertEquals(202, node.send("DELETE", "/metrics/job/deleted_ttl", null).statusCode());
        assertFalse(node.scrape().contains("job=\"deleted_ttl\""));
    }

    @Test
    void shortLivedGroupsDoNotAccumulate() throws Exception {
        // Ever-new instance labels, as from a fleet of ephemeral pods: the count must fall back.
        for (int i = 0; i < 2000; i++) {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/ephemeral/instance/pod-" + i, "e 1\n", "Pushgateway-TTL", "1s")
                            .statusCode());
        }
        await("every expired group gone from the scrape")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(POLL)
                .until(() -> !scrapeQuietly().contains("job=\"ephemeral\""));
        assertFalse(node.send("GET", "/api/v1/metrics", null).body().contains("ephemeral"));
    }

    private static String scrapeQuietly() {
        try {
            return node.scrape();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
