package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official Java client's Pushgateway exporter (client_java 1.x {@code PushGateway}) against
 * our gateway, in both of its body formats: protobuf (its default) and text.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JavaClientTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    private Gateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = Gateways.ours(Gateways.GatewayFlags.DEFAULT);
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @Test
    void protobufPushPushAddAndDeleteWithBase64AndEmptyGroupingValues() throws Exception {
        // path has a '/' (sent as path@base64/...), instance is empty (sent as instance@base64/=).
        Map<String, String> series = Map.of("job", "javajob", "path", "/var/tmp", "instance", "");

        client(Format.PROMETHEUS_PROTOBUF, "javajob", "", fullRegistry()).push();
        GatewayState state = GatewayState.read(gateway);
        state.assertValue("java_jobs_total", series, "3");
        state.assertValue("java_temperature", with(series, "room", "lab"), "21.5");
        state.assertValue("java_latency_seconds_bucket", with(series, "le", "0.1"), "0");
        state.assertValue("java_latency_seconds_bucket", with(series, "le", "1"), "1");
        state.assertValue("java_latency_seconds_bucket", with(series, "le", "+Inf"), "2");
        state.assertValue("java_latency_seconds_count", series, "2");
        state.assertValue("java_latency_seconds_sum", series, "2.5");
        assertEquals("counter", state.scrape().types().get("java_jobs_total"));
        assertEquals("histogram", state.scrape().types().get("java_latency_seconds"));
        assertEquals("Jobs run by the Java client.", state.scrape().helps().get("java_jobs_total"));
        state.assertValue("push_failure_time_seconds", series, "0");
        assertEquals(Boolean.TRUE, state.assertGroup(series).get("last_push_successful"));

        client(Format.PROMETHEUS_PROTOBUF, "javajob", "", updateRegistry()).pushAdd();
        state = GatewayState.read(gateway);
        state.assertValue("java_temperature", with(series, "room", "lab"), "22");
        state.assertValue("java_extra", series, "1");
        state.assertValue("java_jobs_total", series, "3");

        client(Format.PROMETHEUS_PROTOBUF, "javajob", "", updateRegistry()).push();
        state = GatewayState.read(gateway);
        state.assertAbsent("java_jobs_total", series);
        state.assertValue("java_extra", series, "1");

        client(Format.PROMETHEUS_PROTOBUF, "javajob", "", updateRegistry()).delete();
        state = GatewayState.read(gateway);
        state.assertAbsent("java_extra", series);
        assertTrue(state.group(series).isEmpty(), "group still listed in /api/v1/metrics");
    }

    @Test
    void textPushWithSlashInJobName() throws Exception {
        Map<String, String> group = Map.of("job", "java/batch", "path", "/var/tmp", "instance", "i1");

        client(Format.PROMETHEUS_TEXT, "java/batch", "i1", fullRegistry()).push();
        GatewayState state = GatewayState.read(gateway);
        state.assertValue("java_jobs_total", group, "3");
        state.assertValue("java_latency_seconds_bucket", with(group, "le", "+Inf"), "2");
        assertEquals("counter", state.scrape().types().get("java_jobs_total"));
        state.assertGroup(group);

        client(Format.PROMETHEUS_TEXT, "java/batch", "i1", fullRegistry()).delete();
        assertTrue(GatewayState.read(gateway).group(group).isEmpty(), "group still listed after delete");
    }

    private PushGateway client(Format format, String job, String instance, PrometheusRegistry registry) {
        return PushGateway.builder()
                .address("127.0.0.1:" + gateway.baseUri().getPort())
                .format(format)
                .job(job)
                .groupingKey("path", "/var/tmp")
                .groupingKey("instance", instance)
                .registry(registry)
                .connectionTimeout(CLIENT_TIMEOUT)
                .readTimeout(CLIENT_TIMEOUT)
                .build();
    }

    private static PrometheusRegistry fullRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder()
                .name("java_jobs")
                .help("Jobs run by the Java client.")
                .register(registry)
                .inc(3);
        Gauge.builder()
                .name("java_temperature")
                .help("Temperature in Celsius.")
                .labelNames("room")
                .register(registry)
                .labelValues("lab")
                .set(21.5);
        Histogram latency = Histogram.builder()
                .name("java_latency_seconds")
                .help("Latency.")
                .classicOnly()
                .classicUpperBounds(0.1, 1.0)
                .register(registry);
        latency.observe(0.5);
        latency.observe(2);
        return registry;
    }

    private static PrometheusRegistry updateRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Gauge.builder()
                .name("java_temperature")
                .help("Temperature in Celsius.")
                .labelNames("room")
                .register(registry)
                .labelValues("lab")
                .set(22);
        Gauge.builder()
                .name("java_extra")
                .help("Added by pushAdd.")
                .register(registry)
                .set(1);
        return registry;
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(name, value);
        return copy;
    }
}
