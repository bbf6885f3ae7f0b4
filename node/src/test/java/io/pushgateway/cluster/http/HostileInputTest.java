package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.ProtobufDelimitedParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A thousand generated malformed pushes (broken bodies, gzip, protobuf, escapes, grouping keys,
 * oversized labels and URLs) between valid ones: every answer is a 4xx or, for a mutation that
 * happens to stay valid, a 2xx; never a 5xx. Afterwards the store holds exactly the pushes that
 * were accepted, and the scrape still answers.
 */
class HostileInputTest {
    private static final int MALFORMED = 1000;
    private static final String TEXT_BODY = "# TYPE hostile_metric gauge\nhostile_metric{a=\"b\",c=\"d\"} 12.5\n";

    /** One generated request. {@code alwaysInvalid}: it must be refused, whatever the random draw. */
    private record Attempt(
            String kind,
            String method,
            String path,
            byte[] body,
            String[] headers,
            boolean alwaysInvalid,
            boolean raw) {
        static Attempt body(String kind, String job, byte[] body, boolean alwaysInvalid, String... headers) {
            return new Attempt(kind, "PUT", "/metrics/job/" + job, body, headers, alwaysInvalid, false);
        }

        static Attempt url(String kind, String path, boolean raw) {
            return new Attempt(
                    kind, "PUT", path, "hostile_metric 1\n".getBytes(StandardCharsets.UTF_8), new String[0], true, raw);
        }
    }

    private static final List<BiFunction<Random, String, Attempt>> GENERATORS = List.of(
            (r, job) -> {
                // Cut inside the sample line: a cut right after the TYPE line would be a valid, empty push.
                int sample = TEXT_BODY.indexOf('\n') + 1;
                return Attempt.body(
                        "truncated text",
                        job,
                        Arrays.copyOf(text(), sample + 1 + r.nextInt(text().length - sample - 1)),
                        true);
            },
            (r, job) -> Attempt.body("bit-flipped text", job, flipBit(r, text()), false),
            (r, job) -> Attempt.body("random bytes", job, randomBytes(r, 1 + r.nextInt(512)), false),
            (r, job) -> Attempt.body(
                    "bad escape in a label value",
                    job,
                    ("hostile_metric{a=\"\\" + (char) ('o' + r.nextInt(5)) + "\"} 1\n")
                            .getBytes(StandardCharsets.UTF_8),
                    true),
            (r, job) -> Attempt.body(
                    "invalid UTF-8 in a label value",
                    job,
                    concat(
                            "hostile_metric{a=\"".getBytes(StandardCharsets.UTF_8),
                            new byte[] {(byte) (0xc0 + r.nextInt(2))},
                            "\"} 1\n".getBytes(StandardCharsets.UTF_8)),
                    true),
            (r, job) -> Attempt.body(
                    "duplicate label",
                    job,
                    "hostile_metric{a=\"1\",a=\"2\"} 1\n".getBytes(StandardCharsets.UTF_8),
                    true),
            (r, job) -> Attempt.body(
                    "timestamp",
                    job,
                    ("hostile_metric 1 " + (1 + r.nextInt(1000)) + "\n").getBytes(StandardCharsets.UTF_8),
                    true),
            (r, job) -> Attempt.body(
                    "huge label value",
                    job,
                    ("hostile_metric{a=\"" + "v".repeat(16385 + r.nextInt(1000)) + "\"} 1\n")
                            .getBytes(StandardCharsets.UTF_8),
                    true),
            (r, job) -> Attempt.body("too many label pairs", job, manyLabels(129 + r.nextInt(50)), true),
            (r, job) -> Attempt.body("gzip header, no gzip", job, text(), true, "Content-Encoding", "gzip"),
            (r, job) -> {
                byte[] gzip = gzip(text());
                return Attempt.body(
                        "truncated gzip",
                        job,
                        Arrays.copyOf(gzip, 1 + r.nextInt(gzip.length - 1)),
                        true,
                        "Content-Encoding",
                        "gzip");
            },
            (r, job) ->
                    Attempt.body("bit-flipped gzip", job, flipBit(r, gzip(text())), false, "Content-Encoding", "gzip"),
            (r, job) -> Attempt.body(
                    "protobuf length past the end",
                    job,
                    concat(
                            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
                            randomBytes(r, r.nextInt(64))),
                    true,
                    "Content-Type",
                    ProtobufDelimitedParser.CONTENT_TYPE),
            (r, job) -> Attempt.body(
                    "protobuf varint over ten bytes",
                    job,
                    concat(filled(11 + r.nextInt(5)), randomBytes(r, 8)),
                    true,
                    "Content-Type",
                    ProtobufDelimitedParser.CONTENT_TYPE),
            (r, job) -> Attempt.body(
                    "truncated protobuf",
                    job,
                    Arrays.copyOf(protobuf(), 1 + r.nextInt(protobuf().length - 1)),
                    true,
                    "Content-Type",
                    ProtobufDelimitedParser.CONTENT_TYPE),
            (r, job) -> Attempt.body(
                    "bit-flipped protobuf",
                    job,
                    flipBit(r, protobuf()),
                    false,
                    "Content-Type",
                    ProtobufDelimitedParser.CONTENT_TYPE),
            (r, job) -> Attempt.url(
                    "bad percent escape", "/metrics/job/" + job + "/a/%" + (char) ('g' + r.nextInt(20)) + "1", true),
            (r, job) -> Attempt.url("odd number of components", "/metrics/job/" + job + "/a/b/c", false),
            (r, job) -> Attempt.url(
                    "improper label name", "/metrics/job/" + job + (r.nextBoolean() ? "/__x/y" : "/1x/y"), false),
            (r, job) -> Attempt.url("bad base64", "/metrics/job/" + job + "/a@base64/!" + r.nextInt(100), false),
            (r, job) -> Attempt.url(
                    "URL over the limit", "/metrics/job/" + job + "/a/" + "u".repeat(8200 + r.nextInt(500)), true));

    @Test
    void malformedPushesBetweenValidOnesStoreExactlyTheAcceptedOnes() throws Exception {
        try (TestNode node = TestNode.start()) {
            Random random = new Random(8);
            Set<String> accepted = new HashSet<>();
            Set<String> validJobs = new HashSet<>();
            Map<String, Integer> refusedByKind = new LinkedHashMap<>();
            for (int i = 0; i < MALFORMED; i++) {
                if (i % 10 == 0) {
                    String job = "valid-" + i;
                    HttpResponse<String> response = node.send(
                            "PUT",
                            "/metrics/job/" + job,
                            "# TYPE valid_metric gauge\nvalid_metric{n=\"" + i + "\"} " + i + "\n");
                    assertEquals(200, response.statusCode(), response.body());
                    accepted.add(job);
                    validJobs.add(job);
                }
                String job = "h" + i;
                Attempt attempt = GENERATORS.get(i % GENERATORS.size()).apply(random, job);
                int status = send(node, attempt);
                String what = attempt.kind() + " #" + i + " answered " + status;
                assertTrue(status < 500, what);
                if (attempt.alwaysInvalid()) {
                    assertTrue(status >= 400, what);
                }
                if (status < 300) {
                    accepted.add(job);
                } else {
                    refusedByKind.merge(attempt.kind(), 1, Integer::sum);
                }
            }
            assertEquals(accepted, groupsWithASuccessfulPush(node), "groups with a successful push");
            String scrape = node.scrape();
            for (String job : validJobs) {
                String n = job.substring("valid-".length());
                assertTrue(
                        scrape.contains("valid_metric{instance=\"\",job=\"" + job + "\",n=\"" + n + "\"} " + n + "\n"),
                        job);
            }
            assertNoPushedSeriesOfRefusedJobs(scrape, accepted);
            assertTrue(
                    refusedByKind.values().stream().mapToInt(Integer::intValue).sum() > MALFORMED * 9 / 10,
                    "most malformed pushes are refused: " + refusedByKind);
        }
    }

    private static int send(TestNode node, Attempt attempt) throws Exception {
        if (attempt.raw()) {
            String statusLine = node.rawStatusLine(attempt.method(), attempt.path());
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
        return node.sendBytes(attempt.method(), attempt.path(), attempt.body(), attempt.headers())
                .statusCode();
    }

    /** Jobs of the groups whose push_time_seconds is set: those some push was accepted for. */
    private static Set<String> groupsWithASuccessfulPush(TestNode node) throws Exception {
        HttpResponse<String> response = node.send("GET", "/api/v1/metrics", null);
        assertEquals(200, response.statusCode());
        JsonArray groups = new JsonObject(response.body()).getJsonArray("data");
        Set<String> jobs = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            JsonObject group = groups.getJsonObject(i);
            String pushTime = group.getJsonObject("push_time_seconds")
                    .getJsonArray("metrics")
                    .getJsonObject(0)
                    .getString("value");
            if (!pushTime.equals("0")) {
                jobs.add(group.getJsonObject("labels").getString("job"));
            }
        }
        return jobs;
    }

    /** A refused push may leave its failure time (as upstream does), never a series of its own. */
    private static void assertNoPushedSeriesOfRefusedJobs(String scrape, Set<String> accepted) {
        for (String line : scrape.split("\n")) {
            int job = line.indexOf("job=\"h");
            if (line.startsWith("#") || job < 0) {
                continue;
            }
            String name = line.substring(0, line.indexOf('{'));
            String jobName = line.substring(job + 5, line.indexOf('"', job + 5));
            assertTrue(
                    accepted.contains(jobName)
                            || name.equals("push_time_seconds")
                            || name.equals("push_failure_time_seconds"),
                    "refused push stored: " + line);
        }
    }

    private static byte[] text() {
        return TEXT_BODY.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] protobuf() {
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder()
                .setName("hostile_metric")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder().setName("a").setValue("b"))
                        .setGauge(Metrics.Gauge.newBuilder().setValue(12.5)))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            family.writeDelimitedTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] manyLabels(int count) {
        StringBuilder body = new StringBuilder("hostile_metric{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v\"");
        }
        return body.append("} 1\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] flipBit(Random random, byte[] data) {
        byte[] copy = data.clone();
        int bit = random.nextInt(copy.length * 8);
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xff);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
