package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The official Python client ({@code push_to_gateway}, {@code pushadd_to_gateway},
 * {@code delete_from_gateway}) against our gateway. Grouping keys exercise the client's URL
 * encoding: a value with '/' goes as {@code name@base64/...}, an empty value as
 * {@code name@base64/=}. The tests run in order on one gateway: push, pushadd, delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PythonClientTest {

    private static final long SCRIPT_TIMEOUT_SECONDS = 60;

    /**
     * Grouping key {path="/var/tmp", instance=""}: base64 for the slash, "=" for the empty
     * instance. As the key names the instance, the series carry exactly the grouping labels.
     */
    private static final String KEY_JSON = "{\"path\": \"/var/tmp\", \"instance\": \"\"}";

    private static final Map<String, String> GROUP = Map.of("job", "pyjob", "path", "/var/tmp", "instance", "");
    private static final Map<String, String> SERIES = GROUP;
    /** A job name with a slash: the client sends job@base64. */
    private static final Map<String, String> SLASH_JOB_GROUP = Map.of("job", "batch/nightly");

    private static final Map<String, String> SLASH_JOB_SERIES = Map.of("job", "batch/nightly", "instance", "");

    private Gateway gateway;
    private Path script;

    /** Why the Python client cannot run here, or null when it can. */
    private String missing;

    @BeforeAll
    void startGatewayIfPythonClientIsThere() throws IOException, InterruptedException {
        Path python = python();
        if (!Files.isExecutable(python)) {
            missing = python + " not found; skipping the Python client tests";
            return;
        }
        if (run(List.of(python.toString(), "-c", "import prometheus_client")).exitCode != 0) {
            missing = "python module prometheus_client missing (apt-get install python3-prometheus-client);"
                    + " skipping the Python client tests";
            return;
        }
        script = Files.createDirectories(LoggedProcess.workDir()).resolve("push_with_client.py");
        try (InputStream source = getClass().getResourceAsStream("/python/push_with_client.py")) {
            Files.write(script, source.readAllBytes());
        }
        gateway = Gateways.ours(Gateways.GatewayFlags.DEFAULT);
    }

    /** Skips each test on its own, so that the report lists them as skipped with the reason. */
    @BeforeEach
    void requirePythonClient() {
        assumeTrue(missing == null, missing);
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void pushToGatewayPutsWholeRegistryUnderBase64AndEmptyGroupingValues() throws Exception {
        client("push", "pyjob", KEY_JSON);
        client("push", "batch/nightly", "{}");

        GatewayState state = GatewayState.read(gateway);
        state.assertValue("py_jobs_total", SERIES, "3");
        state.assertValue("py_temperature", with(SERIES, "room", "lab"), "21.5");
        state.assertValue("py_latency_seconds_bucket", with(SERIES, "le", "0.1"), "0");
        state.assertValue("py_latency_seconds_bucket", with(SERIES, "le", "1"), "1");
        state.assertValue("py_latency_seconds_bucket", with(SERIES, "le", "+Inf"), "2");
        state.assertValue("py_latency_seconds_count", SERIES, "2");
        state.assertValue("py_latency_seconds_sum", SERIES, "2.5");
        state.assertValue("py_size_bytes_count", SERIES, "1");
        state.assertValue("py_size_bytes_sum", SERIES, "10");
        assertEquals("counter", state.scrape().types().get("py_jobs_total"));
        assertEquals("Jobs run by the Python client.", state.scrape().helps().get("py_jobs_total"));
        assertEquals("histogram", state.scrape().types().get("py_latency_seconds"));
        assertEquals("summary", state.scrape().types().get("py_size_bytes"));
        assertNonZero(state, "push_time_seconds", SERIES);
        state.assertValue("push_failure_time_seconds", SERIES, "0");
        state.assertValue("py_jobs_total", SLASH_JOB_SERIES, "3");

        Map<String, Object> group = state.assertGroup(GROUP);
        assertEquals(Boolean.TRUE, group.get("last_push_successful"));
        assertEquals("COUNTER", ((Map<?, ?>) group.get("py_jobs_total")).get("type"));
        assertEquals("HISTOGRAM", ((Map<?, ?>) group.get("py_latency_seconds")).get("type"));
        state.assertGroup(SLASH_JOB_GROUP);
    }

    @Test
    @Order(2)
    void pushaddReplacesOnlyTheFamiliesItSends() throws Exception {
        client("pushadd", "pyjob", KEY_JSON);

        GatewayState state = GatewayState.read(gateway);
        state.assertValue("py_temperature", with(SERIES, "room", "lab"), "22");
        state.assertValue("py_extra", SERIES, "1");
        state.assertValue("py_jobs_total", SERIES, "3");
        state.assertValue("py_latency_seconds_count", SERIES, "2");
        Map<String, Object> group = state.assertGroup(GROUP);
        assertTrue(group.containsKey("py_extra"), () -> "py_extra missing from " + group.keySet());
    }

    @Test
    @Order(3)
    void deleteFromGatewayRemovesExactlyThatGroup() throws Exception {
        client("delete", "pyjob", KEY_JSON);

        GatewayState state = GatewayState.read(gateway);
        state.assertAbsent("py_jobs_total", SERIES);
        state.assertAbsent("push_time_seconds", SERIES);
        assertTrue(state.group(GROUP).isEmpty(), "group still listed in /api/v1/metrics");
        state.assertValue("py_jobs_total", SLASH_JOB_SERIES, "3");
        state.assertGroup(SLASH_JOB_GROUP);
    }

    @Test
    @Order(4)
    void aHandlerSetsTheTimeToLiveHeader() throws Exception {
        client("push_ttl", "pyttl", "{}");

        Map<String, Object> group = GatewayState.read(gateway).assertGroup(Map.of("job", "pyttl"));
        assertEquals("3600", group.get("ttl_seconds"), () -> "no TTL on " + group.keySet());
    }

    @Test
    @Order(5)
    void aHandlerCompressesTheBodyWithGzip() throws Exception {
        client("push_gzip", "pygzip", "{}");

        GatewayState state = GatewayState.read(gateway);
        Map<String, String> series = Map.of("job", "pygzip", "instance", "");
        state.assertValue("py_jobs_total", series, "3");
        state.assertValue("py_latency_seconds_bucket", with(series, "le", "+Inf"), "2");
        state.assertValue("py_size_bytes_sum", series, "10");
        assertEquals("counter", state.scrape().types().get("py_jobs_total"));
    }

    private void client(String action, String job, String groupingKeyJson) throws Exception {
        Result result = run(List.of(
                python().toString(),
                script.toString(),
                "127.0.0.1:" + gateway.baseUri().getPort(),
                action,
                job,
                groupingKeyJson));
        assertEquals(
                0,
                result.exitCode,
                () -> "python client " + action + " failed:\n" + result.output + "\n--- gateway log: "
                        + gateway.logTail());
    }

    private static void assertNonZero(GatewayState state, String name, Map<String, String> labels) {
        String value = state.value(name, labels).orElseThrow(() -> new AssertionError("no " + name + labels));
        assertTrue(Double.parseDouble(value) > 0, () -> name + labels + " = " + value);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(labels);
        copy.put(name, value);
        return copy;
    }

    private static Path python() {
        return Paths.get(System.getProperty("it.python", "/usr/bin/python3"));
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(Files.createDirectories(LoggedProcess.workDir()), "python-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, "timed out after " + SCRIPT_TIMEOUT_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
