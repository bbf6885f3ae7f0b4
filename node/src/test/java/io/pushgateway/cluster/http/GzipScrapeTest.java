package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gzip scrape, assembled from cached compressed segments, decodes to exactly the uncompressed
 * scrape, in every format and escaping scheme, whichever reader decodes it (Java's, curl's, Python's),
 * and under concurrent pushes each one shows one consistent store.
 */
class GzipScrapeTest {
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    /** What Prometheus 2.x sends by default. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        // Node metrics change from scrape to scrape: left out, so that two scrapes of the store are equal.
        node = TestNode.start(
                "--push.enable-utf8-names", "--web.enable-openmetrics", "--web.node-metrics-in-telemetry=false");
        for (int group = 0; group < 300; group++) {
            StringBuilder body = new StringBuilder("# HELP gz_requests Requests.\n# TYPE gz_requests counter\n");
            for (int code = 200; code < 205; code++) {
                body.append("gz_requests{code=\"")
                        .append(code)
                        .append("\"} ")
                        .append(group * code)
                        .append('\n');
            }
            body.append("# TYPE gz_latency histogram\n")
                    .append("gz_latency_bucket{le=\"0.1\"} ")
                    .append(group)
                    .append('\n')
                    .append("gz_latency_bucket{le=\"+Inf\"} ")
                    .append(group + 1)
                    .append('\n')
                    .append("gz_latency_sum 0.5\ngz_latency_count ")
                    .append(group + 1)
                    .append('\n')
                    .append("{\"gz.dotted\",\"label.with.dots\"=\"v\"} ")
                    .append(group)
                    .append('\n');
            assertEquals(
                    200,
                    node.send("PUT", "/metrics/job/gz/instance/i" + group, body.toString())
                            .statusCode());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                PROMETHEUS_ACCEPT,
                "text/plain;escaping=allow-utf-8",
                "text/plain;escaping=underscores",
                "text/plain;escaping=dots",
                "text/plain;escaping=values",
                PROTOBUF_UTF8,
                PROTOBUF + "; escaping=underscores",
                PROTOBUF + "; escaping=dots",
                PROTOBUF + "; escaping=values",
                "application/openmetrics-text;version=1.0.0",
                "application/openmetrics-text;version=0.0.1;escaping=values"
            })
    void decodedGzipScrapeIsThePlainScrape(String accept) throws Exception {
        // Twice: the second is served from the segments the first left in the cache.
        for (int round = 0; round < 2; round++) {
            HttpResponse<byte[]> plain = scrape(accept, false);
            HttpResponse<byte[]> gzip = scrape(accept, true);
            assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""), accept);
            assertEquals(
                    plain.headers().firstValue("Content-Type"), gzip.headers().firstValue("Content-Type"));
            assertTrue(plain.body().length > 20_000, "the store is in the scrape: " + plain.body().length + " bytes");
            assertArrayEquals(plain.body(), gunzip(gzip.body()), "decoded gzip scrape for Accept: " + accept);
        }
    }

    private static final String PROTOBUF_UTF8 = PROTOBUF + "; escaping=allow-utf-8";

    @ParameterizedTest
    @ValueSource(strings = {"", PROTOBUF})
    void curlDecodesTheGzipScrape(String accept) throws Exception {
        Path curl = peer("curl", "/usr/bin/curl");
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--fail", "--compressed"));
        if (!accept.isEmpty()) {
            command.addAll(List.of("-H", "Accept: " + accept));
        }
        command.add(node.base + "/metrics");
        assertArrayEquals(scrape(accept, false).body(), run(command), "curl --compressed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", PROTOBUF})
    void pythonDecodesTheGzipScrape(String accept) throws Exception {
        Path python = peer("python3", "/usr/bin/python3");
        String script = "import gzip, sys, urllib.request\n"
                + "headers = {'Accept-Encoding': 'gzip'}\n"
                + "if sys.argv[2]: headers['Accept'] = sys.argv[2]\n"
                + "with urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers=headers)) as r:\n"
                + "    assert r.headers['Content-Encoding'] == 'gzip', r.headers\n"
                + "    sys.stdout.buffer.write(gzip.decompress(r.read()))\n";
        byte[] decoded = run(List.of(python.toString(), "-c", script, node.base + "/metrics", accept));
        assertArrayEquals(scrape(accept, false).body(), decoded, "Python's gzip module");
    }

    @Test
    void eachGzipScrapeUnderPushesShowsOneConsistentStore() throws Exception {
        // Each push sets both families of a group to the same value: a scrape showing them apart
        // would show half of a push.
        AtomicBoolean pushing = new AtomicBoolean(true);
        AtomicReference<Throwable> pushFailure = new AtomicReference<>();
        List<Thread> pushers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            Thread pusher = new Thread(() -> {
                for (long n = 1; pushing.get(); n++) {
                    String body = "cons_a " + n + "\ncons_b " + n + "\n";
                    try {
                        int status = node.send("PUT", "/metrics/job/cons/instance/p" + thread + "_" + n % 20, body)
                                .statusCode();
                        if (status != 200) {
                            throw new AssertionError("push answered " + status);
                        }
                    } catch (Throwable e) {
                        pushFailure.compareAndSet(null, e);
                        return;
                    }
                }
            });
            pusher.start();
            pushers.add(pusher);
        }
        Pattern series =
                Pattern.compile("^cons_(a|b)\\{instance=\"([^\"]+)\",job=\"cons\"} (\\S+)$", Pattern.MULTILINE);
        int scrapesWithPushedGroups = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (scrapesWithPushedGroups < 30 && System.nanoTime() < deadline && pushFailure.get() == null) {
                String text = new String(gunzip(scrape(PROMETHEUS_ACCEPT, true).body()));
                Map<String, String[]> byInstance = new TreeMap<>();
                Matcher m = series.matcher(text);
                while (m.find()) {
                    byInstance
                                    .computeIfAbsent(m.group(2), k -> new String[2])[
                                    m.group(1).equals("a") ? 0 : 1] =
                            m.group(3);
                }
                for (Map.Entry<String, String[]> e : byInstance.entrySet()) {
                    assertEquals(
                            e.getValue()[0], e.getValue()[1], "cons_a and cons_b of " + e.getKey() + " in one scrape");
                }
                if (!byInstance.isEmpty()) {
                    scrapesWithPushedGroups++;
                }
            }
        } finally {
            pushing.set(false);
            for (Thread pusher : pushers) {
                pusher.join(30_000);
            }
        }
        if (pushFailure.get() != null) {
            throw new AssertionError("a push failed", pushFailure.get());
        }
        assertEquals(30, scrapesWithPushedGroups, "scrapes showing pushed groups within 60 s");
    }

    private static HttpResponse<byte[]> scrape(String accept, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(node.base + "/metrics")).timeout(Duration.ofSeconds(30));
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /**
     * A program a test needs: skipped where it is missing, but failed with {@code -Dit.requireAll=true}
     * (as CI runs, and as the integration tests' {@code PeersRequired} decides).
     */
    private static Path peer(String name, String path) {
        Path program = Path.of(path);
        if (!Files.isExecutable(program)) {
            if (Boolean.getBoolean("it.requireAll")) {
                fail(name + " is not installed at " + path + ", and -Dit.requireAll=true forbids skipping");
            }
            Assumptions.abort(name + " is not installed at " + path);
        }
        return program;
    }

    private static byte[] run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exited: " + command.get(0));
        assertEquals(0, process.exitValue(), command.get(0) + " exit status");
        return out;
    }
}
