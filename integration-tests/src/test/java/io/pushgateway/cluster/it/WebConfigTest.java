package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.pushgateway.cluster.testsupport.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --web.config.file} on a node process: a bad file stops the start as a bad flag does, and
 * the official Python client pushes through basic auth ({@code basic_auth_handler}) and through
 * TLS with a client certificate ({@code tls_auth_handler}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebConfigTest {

    private static final long PROCESS_TIMEOUT_SECONDS = 90;
    private static final String SERIES = "py_jobs_total{instance=\"\",job=\"secure\"} 3";

    private Path dir;
    private NodeProcess node;

    @BeforeEach
    void workDir() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(LoggedProcess.workDir()), "web-config-");
    }

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aBadFileEndsTheStartWithExitCode2AndOneLineOnStderr() throws Exception {
        Path file = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  alice: plain-text\n");
        Path stderr = dir.resolve("stderr");
        Process process = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-jar",
                        System.getProperty("node.jar"),
                        "--web.listen-address=127.0.0.1:0",
                        "--web.config.file=" + file)
                .redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the node did not exit");
        assertEquals(2, process.exitValue());
        List<String> lines = Files.readAllLines(stderr);
        assertEquals(1, lines.size(), () -> "stderr: " + lines);
        assertTrue(
                lines.get(0).contains("--web.config.file") && lines.get(0).contains("is not a bcrypt hash"),
                lines.get(0));
    }

    @Test
    void thePythonClientPushesWithBasicAuth() throws Exception {
        Path script = pythonScript();
        Path file = Files.writeString(
                dir.resolve("web.yml"),
                "basic_auth_users:\n"
                        + "  batch: " + bcrypt("push-secret") + "\n"
                        + "  prometheus: " + bcrypt("scrape-secret") + "\n"
                        + "access_control:\n"
                        + "  push_users: [batch]\n"
                        + "  scrape_users: [prometheus]\n"
                        + "  open_probes: true\n");
        node = NodeProcess.start("", List.of("--web.config.file=" + file));
        String address = "127.0.0.1:" + node.baseUri().getPort();

        Result wrong =
                python(script, address, "push_basic_auth", Map.of("PUSH_USER", "batch", "PUSH_PASSWORD", "guess"));
        assertNotEquals(0, wrong.exitCode);
        assertTrue(wrong.output.contains("401"), wrong.output);
        Result right = python(
                script, address, "push_basic_auth", Map.of("PUSH_USER", "batch", "PUSH_PASSWORD", "push-secret"));
        assertEquals(0, right.exitCode, () -> right.output + "\n--- node log: " + node.logTail());

        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(401, get(client, "/metrics", null).statusCode());
        assertEquals(
                403, get(client, "/metrics", basic("batch", "push-secret")).statusCode(), "a pusher cannot scrape");
        String scrape =
                get(client, "/metrics", basic("prometheus", "scrape-secret")).body();
        assertTrue(scrape.contains(SERIES), scrape);
    }

    @Test
    void thePythonClientPushesOverTlsWithAClientCertificate() throws Exception {
        Path script = pythonScript();
        TestCertificates ca = TestCertificates.authority("test-ca");
        ca.ca().write(dir, "ca");
        ca.server().write(dir, "server");
        TestCertificates.Issued client = ca.client("batch-job").write(dir, "client");
        Path file = Files.writeString(
                dir.resolve("web.yml"),
                "tls_server_config:\n"
                        + "  cert_file: server.crt\n"
                        + "  key_file: server.key\n"
                        + "  client_auth_type: RequireAndVerifyClientCert\n"
                        + "  client_ca_file: ca.crt\n"
                        + "  min_version: TLS12\n");
        HttpClient https = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ca.clientContext(client))
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        node = NodeProcess.startTls(List.of("--web.config.file=" + file), https);

        Result pushed = python(
                script,
                "https://127.0.0.1:" + node.baseUri().getPort(),
                "push_tls",
                Map.of(
                        "PUSH_CERT",
                        dir.resolve("client.crt").toString(),
                        "PUSH_KEY",
                        dir.resolve("client.key").toString(),
                        "PUSH_CA",
                        dir.resolve("ca.crt").toString()));
        assertEquals(0, pushed.exitCode, () -> pushed.output + "\n--- node log: " + node.logTail());

        String scrape = https.send(
                        HttpRequest.newBuilder(node.baseUri().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(scrape.contains(SERIES), scrape);
    }

    private HttpResponse<String> get(HttpClient client, String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(node.baseUri().resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String bcrypt(String password) {
        return new String(
                BCrypt.withDefaults().hash(10, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    /** The push script, or the test is skipped where the Python client is missing. */
    private Path pythonScript() throws Exception {
        Path python = Paths.get(System.getProperty("it.python", "/usr/bin/python3"));
        assumeTrue(Files.isExecutable(python), python + " not found");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import prometheus_client")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assumeTrue(
                probe.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python module prometheus_client missing (apt-get install python3-prometheus-client)");
        Path script = dir.resolve("push_with_client.py");
        try (InputStream source = getClass().getResourceAsStream("/python/push_with_client.py")) {
            Files.write(script, source.readAllBytes());
        }
        return script;
    }

    private record Result(int exitCode, String output) {}

    private Result python(Path script, String address, String action, Map<String, String> environment)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("it.python", "/usr/bin/python3"),
                script.toString(),
                address,
                action,
                "secure",
                "{}"));
        Path output = Files.createTempFile(dir, "python-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(output));
    }
}
