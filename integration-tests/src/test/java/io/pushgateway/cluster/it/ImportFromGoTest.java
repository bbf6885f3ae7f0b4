package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.it.cluster.MiniJson;
import io.pushgateway.cluster.testsupport.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pushgateway-cluster import} from the real Go Pushgateway into a node: the groups, their
 * families and values, and the push and failure times arrive unchanged; a second import writes
 * only what is newer; a dry run writes nothing; what cannot work fails clearly with a non-zero exit.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ImportFromGoTest {

    private static final long IMPORT_TIMEOUT_SECONDS = 300;
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;" + " encoding=delimited";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final List<Gateway> started = new ArrayList<>();

    @BeforeEach
    void requireGo() {
        assumeTrue(
                GoPushgatewayProcess.installed(),
                "the import is tested against the Go Pushgateway; apt-get install prometheus-pushgateway");
    }

    @AfterEach
    void stop() {
        started.forEach(Gateway::close);
    }

    @Test
    void everyGroupArrivesWithItsFamiliesValuesAndTimes() throws Exception {
        Gateway go = start(GoPushgatewayProcess.start("go", "", List.of()));
        Gateway node = start(NodeProcess.start("", List.of("--web.enable-admin-api")));
        pushVariedGroups(go);

        ImportRun run = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                go.baseUri().toString(),
                "--to",
                node.baseUri().toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().startsWith("groups read: 6, written: 6, skipped: 0, failed: 0"), run::toString);
        Map<String, String> source = comparableGroups(go, "request_size_bytes");
        Map<String, String> target = comparableGroups(node, "request_size_bytes");
        assertEquals(source.keySet(), target.keySet());
        for (String group : source.keySet()) {
            assertEquals(source.get(group), target.get(group), "group " + group);
        }
        Map<String, Object> batch = group(node, "{instance=host-1, job=batch}");
        assertEquals(
                Boolean.FALSE, batch.get("last_push_successful"), "the failed push is later than the last success");
        assertTrue(
                !MiniJson.path(batch, "later_gauge", "time_stamp")
                        .equals(MiniJson.path(batch, "jobs_total", "time_stamp")),
                "a family POSTed later keeps its own time");
        assertEquals(nativeHistogram(go), nativeHistogram(node), "the native histogram, buckets and all");
    }

    @Test
    void aSecondImportWritesOnlyNewerGroupsAndADryRunWritesNothing() throws Exception {
        Gateway go = start(GoPushgatewayProcess.start("go", "", List.of()));
        Gateway node = start(NodeProcess.start("", List.of("--web.enable-admin-api")));
        assertEquals(200, put(go, "/metrics/job/moved_later", "v 1\n").statusCode());
        assertEquals(200, put(go, "/metrics/job/pushed_to_cluster", "v 1\n").statusCode());
        assertEquals(200, put(go, "/metrics/job/other_team", "v 1\n").statusCode());

        ImportRun dry = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                go.baseUri().toString(),
                "--to",
                node.baseUri().toString(),
                "--dry-run",
                "--job",
                "moved_later|pushed_to_cluster");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(dry.stdout().startsWith("groups read: 3, would be written: 2, skipped: 0"), dry::toString);
        assertEquals(List.of(), groups(node), "a dry run writes nothing");

        ImportRun first = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                go.baseUri().toString(),
                "--to",
                node.baseUri().toString(),
                "--job",
                "moved_later|pushed_to_cluster");
        assertTrue(first.stdout().startsWith("groups read: 3, written: 2, skipped: 0, failed: 0"), first::toString);

        // Between the imports: one job still pushes to the old gateway, another already to the cluster.
        assertEquals(200, put(go, "/metrics/job/moved_later", "v 2\n").statusCode());
        assertEquals(200, put(node, "/metrics/job/pushed_to_cluster", "v 3\n").statusCode());
        ImportRun second = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                go.baseUri().toString(),
                "--to",
                node.baseUri().toString(),
                "--job",
                "moved_later|pushed_to_cluster");

        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stdout().startsWith("groups read: 3, written: 1, skipped: 1, failed: 0"), second::toString);
        assertEquals("2", value(group(node, "{job=moved_later}"), "v"));
        assertEquals("3", value(group(node, "{job=pushed_to_cluster}"), "v"), "the cluster's newer push stays");
        assertEquals(
                MiniJson.path(group(go, "{job=moved_later}"), "push_time_seconds", "time_stamp"),
                MiniJson.path(group(node, "{job=moved_later}"), "push_time_seconds", "time_stamp"));
        assertEquals(2, groups(node).size(), "the job filter left other_team out");
    }

    @Test
    void badUrlsAnUnreachableSourceAndARefusedWriteEndWithAClearErrorAndNonZeroExit() throws Exception {
        ImportRun badUrl =
                ImportRun.of(IMPORT_TIMEOUT_SECONDS, "--from", "ftp://old:9091", "--to", "http://127.0.0.1:1");
        assertEquals(2, badUrl.exitCode(), badUrl::toString);
        assertEquals(
                List.of("pushgateway-cluster: error: --from: not an http or https URL: ftp://old:9091 (see --help)"),
                badUrl.stderr().lines().toList());

        Gateway go = start(GoPushgatewayProcess.start("go", "", List.of()));
        assertEquals(200, put(go, "/metrics/job/a", "v 1\n").statusCode());
        int closedPort = FreePort.pick();
        ImportRun unreachable = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                "http://127.0.0.1:" + closedPort,
                "--to",
                go.baseUri().toString());
        assertEquals(1, unreachable.exitCode(), unreachable::toString);
        assertEquals(
                List.of("pushgateway-cluster import: error: cannot reach the source http://127.0.0.1:" + closedPort
                        + ": connection refused"),
                unreachable.stderr().lines().toList());

        Gateway noAdmin = start(NodeProcess.start("", List.of()));
        ImportRun refused = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                go.baseUri().toString(),
                "--to",
                noAdmin.baseUri().toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(
                refused.stdout().contains("failed: 1")
                        && refused.stdout().contains("--web.enable-admin-api")
                        && refused.stdout().contains("failed {job=\"a\"}"),
                refused::toString);
        assertEquals(List.of(), groups(noAdmin));
    }

    @Test
    void aGroupTheClusterRefusesIsListedAsFailedAndTheOthersAreImported() throws Exception {
        Gateway go = start(GoPushgatewayProcess.start("go", "", List.of()));
        Gateway node = start(NodeProcess.start("", List.of("--web.enable-admin-api")));
        assertEquals(200, put(go, "/metrics/job/fine", "v 1\n").statusCode());
        // Go 1.5.1 stores any protobuf name; the cluster refuses names it could not scrape.
        Metrics.MetricFamily badName = Metrics.MetricFamily.newBuilder()
                .setName("pb-bad.name")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(1)))
                .build();
        assertEquals(
                200,
                send(go, "PUT", "/metrics/job/badname", PushBodies.delimited(badName), PROTOBUF)
                        .statusCode());

        ImportRun run = ImportRun.of(
                IMPORT_TIMEOUT_SECONDS,
                "--from",
                go.baseUri().toString(),
                "--to",
                node.baseUri().toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.stdout().startsWith("groups read: 2, written: 1, skipped: 0, failed: 1"), run::toString);
        assertTrue(
                run.stdout().contains("failed {job=\"badname\"}: 400 invalid metric name \"pb-bad.name\""),
                run::toString);
        assertEquals(1, groups(node).size());
    }

    @Test
    void importsOverTlsWithAClientCertificateAndBasicAuthAndRefusesAWrongPassword() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(LoggedProcess.workDir()), "import-tls-");
        TestCertificates ca = TestCertificates.authority("import-ca");
        ca.ca().write(dir, "ca");
        ca.server().write(dir, "server");
        TestCertificates.Issued client = ca.client("importer").write(dir, "client");
        Path web = Files.writeString(
                dir.resolve("web.yml"),
                "tls_server_config:\n"
                        + "  cert_file: server.crt\n  key_file: server.key\n"
                        + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
                        + "basic_auth_users:\n"
                        + "  admin: " + bcrypt("admin-secret") + "\n"
                        + "  pusher: " + bcrypt("push-secret") + "\n"
                        + "access_control:\n  admin_users: [admin]\n  push_users: [pusher]\n  open_probes: true\n");
        HttpClient https = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ca.clientContext(client))
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        Gateway node =
                start(NodeProcess.startTls(List.of("--web.enable-admin-api", "--web.config.file=" + web), https));
        Gateway go = start(GoPushgatewayProcess.start("go", "", List.of()));
        assertEquals(200, put(go, "/metrics/job/secure", "v 7\n").statusCode());
        Files.writeString(dir.resolve("wrong"), "guess\n");
        Files.writeString(dir.resolve("pusher"), "push-secret\n");
        Files.writeString(dir.resolve("right"), "admin-secret\n");

        for (String[] credentials : new String[][] {{"admin", "wrong", "401"}, {"pusher", "pusher", "403"}}) {
            ImportRun refused =
                    ImportRun.of(IMPORT_TIMEOUT_SECONDS, tlsArgs(go, node, dir, credentials[0], credentials[1]));
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.stdout().contains("refused the import with " + credentials[2]), refused::toString);
        }
        ImportRun run = ImportRun.of(IMPORT_TIMEOUT_SECONDS, tlsArgs(go, node, dir, "admin", "right"));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().startsWith("groups read: 1, written: 1"), run::toString);
        String body = https.send(
                        HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/metrics"))
                                .header("Authorization", basic("admin", "admin-secret"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(body.contains("\"job\":\"secure\""), body);
    }

    /** 10k groups fill the Go Pushgateway unchecked (checked, filling it is quadratic); the node checks each import. */
    @Test
    void tenThousandGroupsAreImportedWithProgressLines() throws Exception {
        Gateway go = start(GoPushgatewayProcess.start("go", "", List.of("--push.disable-consistency-check")));
        Gateway node = start(NodeProcess.start("", List.of("--web.enable-admin-api")));
        int groups = 10_000;
        ExecutorService pushers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> pushes = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                String path = "/metrics/job/bulk/instance/i" + i;
                String body = "# TYPE bulk_items gauge\nbulk_items " + i
                        + "\n# TYPE bulk_runs_total counter\nbulk_runs_total 1\n";
                pushes.add(pushers.submit(() -> put(go, path, body).statusCode()));
            }
            for (Future<Integer> push : pushes) {
                assertEquals(202, push.get());
            }
        } finally {
            pushers.shutdownNow();
        }

        ImportRun run = ImportRun.of(
                600, "--from", go.baseUri().toString(), "--to", node.baseUri().toString(), "--parallel", "8");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().startsWith("groups read: 10000, written: 10000, skipped: 0, failed: 0"), run::toString);
        List<String> progress = run.stderr()
                .lines()
                .filter(line -> line.startsWith("imported "))
                .toList();
        assertTrue(
                progress.size() >= 10 && progress.get(progress.size() - 1).startsWith("imported 10000/10000 groups"),
                run::toString);
        assertEquals(groups, groups(node).size());
        System.out.printf(
                "imported %d groups from the Go Pushgateway in %.1f s (import process, JVM start included)%n",
                groups, run.nanos() / 1e9);
    }

    private static void pushVariedGroups(Gateway go) throws Exception {
        assertEquals(200, put(go, "/metrics/job/batch/instance/host-1", """
        # HELP jobs_total Jobs processed.
        # TYPE jobs_total counter
        jobs_total{kind="a"} 3
        jobs_total{kind="b"} 1e+06
        # HELP queue_depth Items waiting, with a \\\\ backslash.
        # TYPE queue_depth gauge
        queue_depth -0.5
        temperature_untyped 21.5
        # HELP latency_seconds Latency.
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 1
        latency_seconds_bucket{le="1"} 3
        latency_seconds_bucket{le="+Inf"} 4
        latency_seconds_sum 2.5
        latency_seconds_count 4
        # TYPE rpc_seconds summary
        rpc_seconds{quantile="0.5"} 0.2
        rpc_seconds{quantile="0.99"} NaN
        rpc_seconds_sum 12
        rpc_seconds_count 40
        """).statusCode());
        assertEquals(
                200,
                send(go, "POST", "/metrics/job/batch/instance/host-1", "later_gauge 1\n".getBytes(), null)
                        .statusCode());
        // A push the consistency check refuses: the group's failure time is set, its metrics stay.
        assertEquals(
                400,
                put(go, "/metrics/job/batch/instance/host-1", "jobs_total 1 1000\n")
                        .statusCode());
        assertEquals(
                200,
                put(
                                go,
                                "/metrics/job@base64/" + b64("nightly/backup") + "/path@base64/" + b64("/var/tmp"),
                                "backup_size_bytes 1.5e+09\n")
                        .statusCode());
        assertEquals(
                200,
                put(go, "/metrics/job/cleanup/instance@base64/=", "last_run +Inf\n")
                        .statusCode());
        assertEquals(
                200,
                put(go, "/metrics/job/titan/name@base64/" + b64("Προμηθεύς \"quoted\""), """
        # TYPE fire_seconds histogram
        fire_seconds_bucket{le="5"} 2
        fire_seconds_sum 3
        fire_seconds_count 2
        """)
                        .statusCode());
        assertEquals(400, put(go, "/metrics/job/broken", "x 1 1000\n").statusCode());
        Metrics.MetricFamily nativeFamily = Metrics.MetricFamily.newBuilder()
                .setName("request_size_bytes")
                .setHelp("Sizes.")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .setHistogram(Metrics.Histogram.newBuilder()
                                .setSampleCount(4)
                                .setSampleSum(5.5)
                                .setSchema(0)
                                .setZeroThreshold(1e-128)
                                .setZeroCount(1)
                                .addPositiveSpan(Metrics.BucketSpan.newBuilder()
                                        .setOffset(0)
                                        .setLength(2))
                                .addPositiveDelta(2)
                                .addPositiveDelta(-1)))
                .build();
        assertEquals(
                200,
                send(go, "PUT", "/metrics/job/native", PushBodies.delimited(nativeFamily), PROTOBUF)
                        .statusCode());
    }

    private static String[] tlsArgs(Gateway go, Gateway node, Path dir, String user, String passwordFile) {
        return new String[] {
            "--from",
            go.baseUri().toString(),
            "--to",
            node.baseUri().toString(),
            "--to-ca-file",
            dir.resolve("ca.crt").toString(),
            "--to-cert-file",
            dir.resolve("client.crt").toString(),
            "--to-key-file",
            dir.resolve("client.key").toString(),
            "--to-user",
            user,
            "--to-password-file",
            dir.resolve(passwordFile).toString()
        };
    }

    private Gateway start(Gateway gateway) {
        started.add(gateway);
        return gateway;
    }

    private static HttpResponse<String> put(Gateway gateway, String path, String body)
            throws IOException, InterruptedException {
        return send(gateway, "PUT", path, body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static HttpResponse<String> send(
            Gateway gateway, String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> groups(Gateway gateway) throws Exception {
        HttpResponse<String> answer = CLIENT.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve("/api/v1/metrics"))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return (List<Map<String, Object>>) MiniJson.path(MiniJson.parse(answer.body()), "data");
    }

    private static Map<String, Object> group(Gateway gateway, String labels) throws Exception {
        for (Map<String, Object> group : groups(gateway)) {
            if (new TreeMap<>((Map<?, ?>) group.get("labels")).toString().equals(labels)) {
                return group;
            }
        }
        throw new AssertionError("no group " + labels + " on " + gateway.name());
    }

    private static String value(Map<String, Object> group, String family) {
        return (String) ((Map<?, ?>) ((List<?>) MiniJson.path(group, family, "metrics")).get(0)).get("value");
    }

    /**
     * Each group as a canonical string: keys sorted, series sorted by labels. Left out: the time
     * stamp of a push or failure time that is 0 (Go shows when the 0 was first written there, a node
     * the group's other time), and the JSON buckets of native histograms, which Go 1.5.1 does not show.
     */
    private static Map<String, String> comparableGroups(Gateway gateway, String nativeFamily) throws Exception {
        Map<String, String> groups = new TreeMap<>();
        for (Map<String, Object> group : groups(gateway)) {
            Map<String, Object> copy = new TreeMap<>(group);
            for (String synthetic : List.of("push_time_seconds", "push_failure_time_seconds")) {
                Map<String, Object> family = new TreeMap<>((Map<String, Object>) copy.get(synthetic));
                if ("0".equals(value(group, synthetic))) {
                    family.remove("time_stamp");
                }
                copy.put(synthetic, family);
            }
            if (copy.get(nativeFamily) instanceof Map<?, ?> family) {
                Map<String, Object> withoutBuckets = new TreeMap<>((Map<String, Object>) family);
                List<Object> series = new ArrayList<>();
                for (Object metric : (List<?>) withoutBuckets.get("metrics")) {
                    Map<String, Object> m = new TreeMap<>((Map<String, Object>) metric);
                    m.remove("buckets");
                    series.add(m);
                }
                withoutBuckets.put("metrics", series);
                copy.put(nativeFamily, withoutBuckets);
            }
            groups.put(new TreeMap<>((Map<?, ?>) group.get("labels")).toString(), canonical(copy));
        }
        return groups;
    }

    private static String canonical(Object json) {
        if (json instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            new TreeMap<>(map)
                    .forEach((k, v) ->
                            sb.append(k).append('=').append(canonical(v)).append(", "));
            return sb.append('}').toString();
        }
        if (json instanceof List<?> list) {
            return list.stream()
                    .map(ImportFromGoTest::canonical)
                    .sorted()
                    .toList()
                    .toString();
        }
        return String.valueOf(json);
    }

    /** The native histogram of group {job="native"} from the gateway's protobuf scrape. */
    private static Metrics.Histogram nativeHistogram(Gateway gateway) throws Exception {
        HttpResponse<byte[]> scrape = CLIENT.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve("/metrics"))
                        .header("Accept", PROTOBUF.replace(" ", ""))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        ByteArrayInputStream in = new ByteArrayInputStream(scrape.body());
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            if (family.getName().equals("request_size_bytes")) {
                assertEquals(1, family.getMetricCount());
                assertEquals("Sizes.", family.getHelp());
                Metrics.Histogram histogram = family.getMetric(0).getHistogram();
                assertNotNull(histogram);
                return histogram;
            }
        }
        throw new AssertionError("no request_size_bytes in the protobuf scrape of " + gateway.name());
    }

    private static String b64(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String bcrypt(String password) {
        return new String(
                BCrypt.withDefaults().hash(10, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }
}
