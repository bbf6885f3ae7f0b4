package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code PUT /api/v1/admin/import/job/...}: a group written with the times it had elsewhere. */
class AdminImportTest {
    private static final String IMPORT = "/api/v1/admin/import/job/";
    /** 2023-11-14T22:13:20.123456789Z */
    private static final String T1 = "1700000000.123456789";

    private static final String T2 = "1700000100.5";

    @Test
    void theEndpointExistsOnlyWithTheAdminApi() throws Exception {
        try (TestNode node = TestNode.start()) {
            assertEquals(
                    404,
                    node.send("PUT", IMPORT + "off?push_time_seconds=" + T1, "a 1\n")
                            .statusCode());
            assertEquals(
                    "{\"status\":\"success\",\"data\":[]}",
                    node.send("GET", "/api/v1/metrics", null).body());
        }
    }

    @Test
    void aGroupKeepsItsPushFailureAndFamilyTimes() throws Exception {
        try (TestNode node = admin()) {
            HttpResponse<String> written = node.send(
                    "PUT",
                    "/api/v1/admin/import/job@base64/L3Zhci90bXA/instance@base64/="
                            + "?push_time_seconds=" + T1 + "&push_failure_time_seconds=" + T2
                            + "&family_push_time=old_family:1699999999.000000001",
                    "# HELP g a gauge\n# TYPE g gauge\ng{x=\"1\"} 2.5\nold_family 7\n");
            assertEquals(200, written.statusCode(), written.body());
            assertEquals(new JsonObject().put("written", true), new JsonObject(written.body()).getJsonObject("data"));

            JsonObject group = onlyGroup(node);
            assertEquals(new JsonObject().put("instance", "").put("job", "/var/tmp"), group.getJsonObject("labels"));
            assertFalse(group.getBoolean("last_push_successful"), "the failure is later than the push");
            assertEquals(
                    "2023-11-14T22:13:20.123456789Z",
                    group.getJsonObject("push_time_seconds").getString("time_stamp"));
            assertEquals("1.7000000001234567e+09", value(group, "push_time_seconds"));
            assertEquals("1.7000001005e+09", value(group, "push_failure_time_seconds"));
            assertEquals(
                    "2023-11-14T22:13:20.123456789Z", group.getJsonObject("g").getString("time_stamp"));
            assertEquals(
                    "2023-11-14T22:13:19.000000001Z",
                    group.getJsonObject("old_family").getString("time_stamp"));
            assertEquals("a gauge", group.getJsonObject("g").getString("help"));
            assertTrue(node.scrape().contains("g{instance=\"\",job=\"/var/tmp\",x=\"1\"} 2.5"), node.scrape());
        }
    }

    @Test
    void theHeldGroupIsKeptUnlessTheImportIsNewerOrOverwrites() throws Exception {
        try (TestNode node = admin()) {
            assertTrue(written(node.send("PUT", IMPORT + "p?push_time_seconds=" + T2, "v 1\n")));
            assertFalse(written(node.send("PUT", IMPORT + "p?push_time_seconds=" + T1, "v 2\n")), "older");
            assertFalse(written(node.send("PUT", IMPORT + "p?push_time_seconds=" + T2, "v 3\n")), "as old");
            assertEquals("1", value(onlyGroup(node), "v"));
            assertTrue(
                    written(node.send(
                            "PUT",
                            IMPORT + "p?push_time_seconds=" + T2 + "&push_failure_time_seconds=1700000200",
                            "v 4\n")),
                    "same push, later failure");
            assertFalse(written(node.send("PUT", IMPORT + "p?push_time_seconds=1800000000&on_existing=skip", "v 5\n")));
            assertTrue(written(
                    node.send("PUT", IMPORT + "p?push_time_seconds=" + T1 + "&on_existing=overwrite", "v 6\n")));
            JsonObject group = onlyGroup(node);
            assertEquals("6", value(group, "v"));
            assertEquals(
                    "2023-11-14T22:13:20.123456789Z",
                    group.getJsonObject("push_time_seconds").getString("time_stamp"));
            assertEquals("0", value(group, "push_failure_time_seconds"), "overwritten with the import's times");
        }
    }

    @Test
    void withoutTheConsistencyCheckTheTimesAndThePolicyStillHold() throws Exception {
        try (TestNode node = TestNode.start(false, true, false, "", 1 << 20)) {
            assertTrue(written(node.send("PUT", IMPORT + "u?push_time_seconds=" + T2, "v 1\n")));
            assertFalse(written(node.send("PUT", IMPORT + "u?push_time_seconds=" + T1, "v 2\n")), "older");
            HttpResponse<String> timestamps = node.send("PUT", IMPORT + "u?push_time_seconds=1800000000", "v 3 1000\n");
            assertEquals(400, timestamps.statusCode(), "an import is answered, even unchecked");
            JsonObject group = onlyGroup(node);
            assertEquals("1", value(group, "v"));
            assertEquals("0", value(group, "push_failure_time_seconds"), "a refused import records no failure");
        }
    }

    @Test
    void aRefusedImportChangesNothing() throws Exception {
        try (TestNode node = admin()) {
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/live", "# TYPE clash counter\nclash 1\n")
                            .statusCode());
            HttpResponse<String> refused =
                    node.send("PUT", IMPORT + "other?push_time_seconds=" + T1, "# TYPE clash gauge\nclash 1\n");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().startsWith(PushHandler.REJECTED), refused.body());
            assertEquals(1, groups(node).size(), "no group with a failure time was created");
            for (String bad : new String[] {
                "x",
                "x?push_time_seconds=-1",
                "x?push_time_seconds=soon",
                "x?push_time_seconds=1&on_existing=always",
                "x?push_time_seconds=1&family_push_time=noTime",
                "x/odd?push_time_seconds=1",
                "x?push_time_seconds=1&ttl=forever"
            }) {
                HttpResponse<String> answer = node.send("PUT", IMPORT + bad, "a 1\n");
                assertEquals(400, answer.statusCode(), bad + ": " + answer.body());
            }
            assertEquals(1, groups(node).size());
            assertEquals(
                    "OPTIONS, PUT",
                    node.send("POST", IMPORT + "x?push_time_seconds=1", "a 1\n")
                            .headers()
                            .firstValue("Allow")
                            .orElseThrow());
        }
    }

    @Test
    void theTimeToLiveCountsFromTheImportedPushTime() throws Exception {
        try (TestNode node = TestNode.start(true, true, false, "", 1 << 20, "--push.default-ttl=1h")) {
            double now = System.currentTimeMillis() / 1000.0;
            HttpResponse<String> expired =
                    node.send("PUT", IMPORT + "gone?push_time_seconds=" + (long) (now - 7200), "a 1\n");
            assertEquals(200, expired.statusCode());
            assertFalse(written(expired), expired.body());
            long recent = (long) now - 60;
            assertTrue(written(node.send("PUT", IMPORT + "kept?push_time_seconds=" + recent, "a 1\n")));
            JsonObject group = onlyGroup(node);
            assertEquals(GoTime.rfc3339Nano((recent + 3600) * 1_000_000_000L), group.getString("expires_at"));
        }
    }

    private static TestNode admin() throws Exception {
        return TestNode.start(true, true, false, "", 1 << 20);
    }

    private static boolean written(HttpResponse<String> answer) {
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject data = new JsonObject(answer.body()).getJsonObject("data");
        if (data.getBoolean("written")) {
            assertNull(data.getString("reason"));
        }
        return data.getBoolean("written");
    }

    private static JsonArray groups(TestNode node) throws Exception {
        return new JsonObject(node.send("GET", "/api/v1/metrics", null).body()).getJsonArray("data");
    }

    private static JsonObject onlyGroup(TestNode node) throws Exception {
        JsonArray data = groups(node);
        assertEquals(1, data.size(), data.encode());
        return data.getJsonObject(0);
    }

    private static String value(JsonObject group, String family) {
        return group.getJsonObject(family)
                .getJsonArray("metrics")
                .getJsonObject(0)
                .getString("value");
    }
}
