package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The push API over HTTP, case by case as COMPATIBILITY.md §1-§5 and the cases checked on 1.5.1 give it. */
class PushApiTest {
    private static final String REJECTED = "pushed metrics are invalid or inconsistent with existing metrics: ";
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void putStoresTheBodyWithGroupingLabelsAndTimestamps() throws Exception {
        HttpResponse<String> response = node.send("PUT", "/metrics/job/c1", "some_metric 3.14\n");
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        String scrape = node.scrape();
        assertTrue(scrape.contains("# TYPE some_metric untyped\nsome_metric{instance=\"\",job=\"c1\"} 3.14\n"), scrape);
        assertTrue(scrape.contains("push_failure_time_seconds{instance=\"\",job=\"c1\"} 0\n"), scrape);
        assertTrue(pushTime(scrape, "instance=\"\",job=\"c1\"") > 1e9);
        assertFalse(scrape.contains("# HELP some_metric"), "no HELP line without help");
    }

    @Test
    void typeConflictIsRejectedAndRecordedAsFailure() throws Exception {
        assertEquals(
                200, node.send("PUT", "/metrics/job/c2", "conflicting 3.14\n").statusCode());
        HttpResponse<String> response = node.send(
                "POST", "/metrics/job/c2/instance/i1", "# TYPE conflicting counter\nconflicting{label=\"val1\"} 42\n");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith(REJECTED + "collected metric \"conflicting\" "), response.body());
        assertTrue(response.body().endsWith("is not a UNTYPED\n"), response.body());
        String scrape = node.scrape();
        assertEquals(0.0, pushTime(scrape, "instance=\"i1\",job=\"c2\""));
        assertTrue(failureTime(scrape, "instance=\"i1\",job=\"c2\"") > 1e9);
        assertFalse(scrape.contains("label=\"val1\""));
    }

    @Test
    void groupingValuesThatAreNotUtf8AreRefusedAndStoreNothing() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/utf8check/b/%EF%BF%BD", "fa 1\n").statusCode());
        String before = node.scrape();
        Map<String, String> refusedLabelByPath = Map.of(
                "/metrics/job/utf8check/b@base64/_w==", "b",
                "/metrics/job/utf8check/b/%FF", "b",
                "/metrics/job@base64/_v4=", "job",
                "/metrics/job/%C0%AF/b/x", "job");
        for (Map.Entry<String, String> refused : refusedLabelByPath.entrySet()) {
            String path = refused.getKey();
            String label = refused.getValue();
            HttpResponse<String> response = node.send("PUT", path, "fa 2\n");
            assertEquals(400, response.statusCode(), path);
            assertEquals(
                    REJECTED + "grouping key has a label named \"" + label + "\" whose value is not utf8\n",
                    response.body(),
                    path);
        }
        // Nothing was stored, and the group whose value is U+FFFD itself was neither touched nor deleted.
        assertEquals(
                202,
                node.send("DELETE", "/metrics/job/utf8check/b@base64/_w==", null)
                        .statusCode());
        String after = node.scrape();
        assertTrue(after.contains("fa{b=\"\uFFFD\",instance=\"\",job=\"utf8check\"} 1\n"), after);
        assertEquals(
                before.lines().filter(l -> l.startsWith("fa")).toList(),
                after.lines().filter(l -> l.startsWith("fa")).toList());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "PUT | /metrics/job@base64/= | 400 | job name is required",
                "PUT | /metrics/job/j2/a | 400 | odd number of components in label string \"/a\"",
                "PUT | /metrics/job/j2/__a/b | 400 | improper label name \"__a\"",
                "PUT | /metrics/job/j2/a-b/b | 400 | improper label name \"a-b\"",
                "PUT | /metrics/job/std/v@base64/foo.bar | 400 | invalid base64 encoding for label v=\"foo.bar\": illegal base64 data at input byte 3",
                "PUT | /metrics/job/slash/path/a%2Fb | 400 | odd number of components in label string \"/path/a/b\"",
                "DELETE | /metrics/job/j2/a | 400 | odd number of components in label string \"/a\"",
                "PUT | /metrics/job | 404 | 404 page not found",
                "PUT | /nowhere | 404 | 404 page not found",
                "PUT | /api/v1/admin/wipe | 404 | 404 page not found",
                "GET | /metrics/job/j2 | 405 | Method Not Allowed",
                "PATCH | /metrics/job/j2 | 405 | Method Not Allowed",
                "POST | /api/v1/status | 405 | Method Not Allowed",
                "PUT | /-/quit | 403 | Lifecycle API is not enabled.",
            })
    void badRequestsGetTheirStatusAndMessage(String method, String path, int status, String message) throws Exception {
        HttpResponse<String> response = node.send(method, path, "a 1\n");
        assertEquals(status, response.statusCode(), response.body());
        String expected = status == 403 ? message : message + "\n";
        assertEquals(expected, response.body());
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() throws Exception {
        assertEquals(
                "DELETE, OPTIONS, POST, PUT",
                node.send("GET", "/metrics/job/x", null)
                        .headers()
                        .firstValue("Allow")
                        .orElseThrow());
        HttpResponse<String> options = node.send("OPTIONS", "/metrics/job/x", null);
        assertEquals(200, options.statusCode());
        assertEquals(
                "DELETE, OPTIONS, POST, PUT",
                options.headers().firstValue("Allow").orElseThrow());
        assertEquals(
                "GET, OPTIONS",
                node.send("HEAD", "/metrics", null)
                        .headers()
                        .firstValue("Allow")
                        .orElseThrow());
    }

    @Test
    void upstreamAnswersOutsideThePushApi() throws Exception {
        HttpResponse<String> quit = node.send("GET", "/-/quit", null);
        assertEquals(405, quit.statusCode());
        assertEquals("Only POST or PUT requests allowed.", quit.body());
        HttpResponse<String> gzipScrape = node.send("GET", "/metrics", null, "Content-Encoding", "gzip");
        assertEquals(400, gzipScrape.statusCode());
        assertEquals("EOF\n", gzipScrape.body());
        for (String page : new String[] {"/", "/status"}) {
            HttpResponse<String> ui = node.send("GET", page, null);
            assertEquals(200, ui.statusCode(), page);
            assertTrue(ui.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), page);
        }
        HttpResponse<String> preflight = node.send("OPTIONS", "/api/v1/metrics", null);
        assertEquals(200, preflight.statusCode());
        assertEquals(
                "*",
                preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void malformedPercentEscapeIsABadRequest() throws Exception {
        assertEquals("HTTP/1.1 400 Bad Request", node.rawStatusLine("PUT", "/metrics/job/x%zz"));
    }

    @Test
    void deleteOfAnUnknownGroupIsAccepted() throws Exception {
        HttpResponse<String> response = node.send("DELETE", "/metrics/job/nonexistent", null);
        assertEquals(202, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void base64AndEmptyValuesReachTheLabels() throws Exception {
        assertEquals(
                200, node.send("PUT", "/metrics/job/std/v@base64/Zg", "m6 1\n").statusCode());
        assertEquals(200, node.send("PUT", "/metrics/job/std/a/b/c/", "m7 1\n").statusCode());
        assertEquals(
                200, node.send("PUT", "/metrics/job/std/v/a%20b%3F", "m8 1\n").statusCode());
        assertEquals(
                200,
                node.send("PUT", "/metrics/job@base64/dGVzdC9qb2I=/instance@base64/aW4", "m9 1\n")
                        .statusCode());
        String scrape = node.scrape();
        assertTrue(scrape.contains("m6{instance=\"\",job=\"std\",v=\"f\"} 1\n"), scrape);
        assertTrue(scrape.contains("m7{a=\"b\",c=\"\",instance=\"\",job=\"std\"} 1\n"), scrape);
        assertTrue(scrape.contains("m8{instance=\"\",job=\"std\",v=\"a b?\"} 1\n"), scrape);
        assertTrue(scrape.contains("m9{instance=\"in\",job=\"test/job\"} 1\n"), scrape);
    }

    @Test
    void timestampsRejectTheWholePush() throws Exception {
        HttpResponse<String> response = node.send("PUT", "/metrics/job/ts", "a_ts 1\nb_ts 1 1000\n");
        assertEquals(400, response.statusCode());
        assertEquals(REJECTED + "pushed metrics must not have timestamps\n", response.body());
        String scrape = node.scrape();
        assertFalse(scrape.contains("a_ts"));
        assertEquals(0.0, pushTime(scrape, "instance=\"\",job=\"ts\""));
        assertTrue(failureTime(scrape, "instance=\"\",job=\"ts\"") > 1e9);
    }

    @Test
    void parseErrorsCreateNoGroup() throws Exception {
        HttpResponse<String> response = node.send("PUT", "/metrics/job/noline", "a 1");
        assertEquals(400, response.statusCode());
        assertEquals("text format parsing error in line 1: unexpected end of input stream\n", response.body());
        assertFalse(node.scrape().contains("job=\"noline\""));
    }

    @Test
    void duplicateSeriesInOnePushAreRejected() throws Exception {
        HttpResponse<String> response = node.send("PUT", "/metrics/job/dup", "dup_a 1\ndup_a 2\n");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith(REJECTED + "collected metric \"dup_a\" "), response.body());
        assertTrue(response.body().contains("was collected before with the same name and label values"));
    }

    @Test
    void bodyJobAndInstanceAreOverwrittenByTheUrl() throws Exception {
        String body = "ow{job=\"other\",instance=\"inst\"} 1\n";
        assertEquals(200, node.send("PUT", "/metrics/job/bodyjob", body).statusCode());
        assertEquals(
                200, node.send("PUT", "/metrics/job/bodyjob2/instance/i9", body).statusCode());
        String scrape = node.scrape();
        // Groups in the order of their keys: job=bodyjob before job=bodyjob2.
        assertTrue(
                scrape.contains("# TYPE ow untyped\now{instance=\"inst\",job=\"bodyjob\"} 1\n"
                        + "ow{instance=\"i9\",job=\"bodyjob2\"} 1\n"),
                scrape);
    }

    @Test
    void putReplacesTheGroupAndPostOnlyItsFamilies() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/rep", "r_a{x=\"1\"} 1\nr_b 2\n").statusCode());
        assertEquals(
                200, node.send("POST", "/metrics/job/rep", "r_a{x=\"2\"} 3\n").statusCode());
        String afterPost = node.scrape();
        assertFalse(afterPost.contains("r_a{instance=\"\",job=\"rep\",x=\"1\"}"), "POST replaces the whole family");
        assertTrue(afterPost.contains("r_a{instance=\"\",job=\"rep\",x=\"2\"} 3\n"));
        assertTrue(afterPost.contains("r_b{instance=\"\",job=\"rep\"} 2\n"), "POST keeps other families");
        assertEquals(200, node.send("PUT", "/metrics/job/rep", "r_c 4\n").statusCode());
        String afterPut = node.scrape();
        assertFalse(afterPut.contains("r_a{"));
        assertFalse(afterPut.contains("r_b{"));
        assertTrue(afterPut.contains("r_c{instance=\"\",job=\"rep\"} 4\n"));
        assertEquals(200, node.send("PUT", "/metrics/job/rep", "").statusCode());
        String afterEmpty = node.scrape();
        assertFalse(afterEmpty.contains("r_c{"));
        assertTrue(pushTime(afterEmpty, "instance=\"\",job=\"rep\"") > 1e9, "the group stays, with its push time");
    }

    @Test
    void deleteRemovesExactlyTheGroup() throws Exception {
        assertEquals(200, node.send("PUT", "/metrics/job/del", "d_a 1\n").statusCode());
        assertEquals(
                200, node.send("PUT", "/metrics/job/del/instance/x", "d_b 1\n").statusCode());
        assertEquals(202, node.send("DELETE", "/metrics/job/del", null).statusCode());
        String scrape = node.scrape();
        assertFalse(scrape.contains("d_a{"));
        assertTrue(scrape.contains("d_b{instance=\"x\",job=\"del\"} 1\n"));
        assertEquals(200, node.send("PUT", "/metrics/job/del", "d_c 1\n").statusCode());
        assertTrue(node.scrape().contains("d_c{instance=\"\",job=\"del\"} 1\n"), "a deleted group can be pushed again");
    }

    @Test
    void helpAndTypeWithoutSamplesStoreNothing() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/onlyhelp", "# HELP foo_h bar\n# TYPE foo_h counter\n")
                        .statusCode());
        String scrape = node.scrape();
        assertFalse(scrape.contains("foo_h"));
        assertTrue(pushTime(scrape, "instance=\"\",job=\"onlyhelp\"") > 1e9);
    }

    @Test
    void typeConflictsAcrossGroupsAreRejected() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/hm1", "# HELP hm help one\n# TYPE hm gauge\nhm 1\n")
                        .statusCode());
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/hm2", "# HELP hm help two\n# TYPE hm gauge\nhm 2\n")
                        .statusCode());
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/hm3", "# TYPE hm gauge\nhm 3\n").statusCode());
        HttpResponse<String> counter = node.send("PUT", "/metrics/job/hm4", "# TYPE hm counter\nhm 4\n");
        assertEquals(400, counter.statusCode());
        assertTrue(counter.body().endsWith("is not a GAUGE\n"), counter.body());
        assertEquals(400, node.send("PUT", "/metrics/job/hm5", "hm 5\n").statusCode());
        String scrape = node.scrape();
        assertTrue(scrape.contains("# HELP hm help one\n# TYPE hm gauge\n"), "the help of the first group by key wins");
        // After the last gauge group is gone, the name is free for another type.
        for (String job : new String[] {"hm1", "hm2", "hm3"}) {
            assertEquals(202, node.send("DELETE", "/metrics/job/" + job, null).statusCode());
        }
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/hm4", "# TYPE hm counter\nhm 4\n")
                        .statusCode());
    }

    @Test
    void summaryAndHistogramSuffixesCollide() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/s1", "# TYPE sm summary\nsm{quantile=\"0.5\"} 1\nsm_sum 2\nsm_count 3\n")
                        .statusCode());
        HttpResponse<String> response = node.send("PUT", "/metrics/job/s2", "sm_count 3\n");
        assertEquals(400, response.statusCode());
        assertEquals(
                REJECTED
                        + "collected metric named \"sm_count\" collides with previously collected summary named \"sm\"\n",
                response.body());
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/s3", "sm_bucket 3\n").statusCode(),
                "_bucket is fine next to a summary");
    }

    @Test
    void histogramWithoutInfBucketGetsOne() throws Exception {
        assertEquals(
                200,
                node.send(
                                "PUT",
                                "/metrics/job/s4",
                                "# TYPE hh histogram\nhh_bucket{le=\"1\"} 1\nhh_sum 10\nhh_count 4\n")
                        .statusCode());
        String scrape = node.scrape();
        assertTrue(
                scrape.contains("hh_bucket{instance=\"\",job=\"s4\",le=\"1\"} 1\n"
                        + "hh_bucket{instance=\"\",job=\"s4\",le=\"+Inf\"} 4\nhh_sum{instance=\"\",job=\"s4\"} 10\n"
                        + "hh_count{instance=\"\",job=\"s4\"} 4\n"),
                scrape);
    }

    @Test
    void gzipBodiesAreDecompressed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("gz_metric 7\n".getBytes());
        }
        assertEquals(
                200,
                node.sendBytes("PUT", "/metrics/job/gz", bytes.toByteArray(), "Content-Encoding", "gzip")
                        .statusCode());
        assertTrue(node.scrape().contains("gz_metric{instance=\"\",job=\"gz\"} 7\n"));
        HttpResponse<String> plain = node.send("PUT", "/metrics/job/gz", "a 1\n", "Content-Encoding", "gzip");
        assertEquals(400, plain.statusCode());
        assertEquals("unexpected EOF\n", plain.body());
    }

    @Test
    void theEmptyInstanceTrapNeverBreaksScrapes() throws Exception {
        assertEquals(200, node.send("POST", "/metrics/job/j3/", "trap 1\n").statusCode());
        HttpResponse<String> colliding = node.send("PUT", "/metrics/job/j3/instance/", "trap 1\n");
        assertEquals(400, colliding.statusCode());
        assertTrue(colliding.body().startsWith(REJECTED + "3 error(s) occurred:\n* "), colliding.body());
        // Upstream now fails every scrape and every push; here both keep working.
        node.scrape();
        assertEquals(200, node.send("PUT", "/metrics/job/unrelated", "u 1\n").statusCode());
    }

    @Test
    void ownMetricsKeepTheirType() throws Exception {
        HttpResponse<String> response = node.send("PUT", "/metrics/job/own", "process_cpu_seconds_total 5\n");
        assertEquals(400, response.statusCode());
        assertEquals(
                REJECTED
                        + "gathered metric family process_cpu_seconds_total has type UNTYPED but should have COUNTER\n",
                response.body());
    }

    @Test
    void bodyOverTheLimitIsRefused() throws Exception {
        try (TestNode small = TestNode.start(true, false, false, "", 100)) {
            HttpResponse<String> response = small.send("PUT", "/metrics/job/big", "a 1\n".repeat(100));
            assertEquals(413, response.statusCode());
            // Small on the wire, too large once decompressed: refused all the same.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write("a 1\n".repeat(1000).getBytes());
            }
            assertTrue(bytes.size() < 100);
            HttpResponse<String> bomb =
                    small.sendBytes("PUT", "/metrics/job/bomb", bytes.toByteArray(), "Content-Encoding", "gzip");
            assertEquals(413, bomb.statusCode());
            String scrape = small.scrape();
            assertFalse(scrape.contains("job=\"big\""));
            assertFalse(scrape.contains("job=\"bomb\""));
        }
    }

    static double pushTime(String scrape, String labels) {
        return value(scrape, "push_time_seconds{" + labels + "}");
    }

    static double failureTime(String scrape, String labels) {
        return value(scrape, "push_failure_time_seconds{" + labels + "}");
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }
}
