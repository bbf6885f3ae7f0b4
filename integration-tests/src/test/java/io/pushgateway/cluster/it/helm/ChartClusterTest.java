package io.pushgateway.cluster.it.helm;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.LoopbackPorts;
import io.pushgateway.cluster.it.cluster.MiniJson;
import io.pushgateway.cluster.it.cluster.Scrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart and the node agree on flags: three node processes on 127.0.0.1 started with exactly
 * the container arguments and environment of the rendered pod spec form one cluster. Only what
 * points at Kubernetes is swapped for loopback: the Hazelcast config's DNS discovery becomes a
 * list of three loopback members, each node gets its own ports, and files the pod would find on
 * its volumes (the web config from its Secret, the snapshot) are written to or placed in a
 * directory of the node's own. The probe listener the kubelet probes answers on each node, the
 * drain flags are taken, and the alerts and the dashboard read metrics these nodes serve.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChartClusterTest {
    private static final String NAMESPACE = "monitoring";
    private static final String HEAP = "256m";
    private static final String JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    private static final double MIB = 1024 * 1024;

    private final Http http = new Http();
    private ClusterProcess cluster;
    private RenderedChart chart;
    private List<Integer> probePorts;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesStartedWithThePodSpecFormOneCluster() {
        Helm helm = Helm.find();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ttl.rules[0].job", "ci-.*");
        values.put("ttl.rules[0].ttl", "2h");
        values.put("jvm.maxHeap", HEAP);
        values.put("jvm.extraOptions", JVM_OPTIONS);
        values.put("persistence.enabled", "true");
        values.put("webConfig.content.http_server_config.headers.X-Content-Type-Options", "nosniff");
        values.put("prometheusRule.enabled", "true");
        values.put("grafanaDashboard.enabled", "true");
        cluster = ClusterProcess.start("helm", 3, (name, dir, httpPorts, memberPorts) -> {
            // The cluster's unique name as the release name keeps this run apart from other clusters.
            chart = helm.render(name, NAMESPACE, values);
            probePorts = otherFreePorts(httpPorts, memberPorts);
            return launches(chart, dir, httpPorts, memberPorts, probePorts);
        });

        // ClusterProcess.start has waited for /-/ready on every node and three members seen by each.
        for (ClusterNode node : cluster.nodes()) {
            Object status = MiniJson.parse(http.get(node.uri("/api/v1/status")).body());
            assertEquals(
                    chart.flag("--cluster.min-members"), MiniJson.path(status, "data", "flags", "cluster.min-members"));
            assertEquals(
                    chart.flag("--cluster.backup-count"),
                    MiniJson.path(status, "data", "flags", "cluster.backup-count"));
            assertEquals(
                    "10s",
                    MiniJson.path(status, "data", "flags", "web.shutdown-delay"),
                    node + ": the drain is on by default");
            assertEquals(
                    chart.flag("--web.shutdown-timeout"),
                    MiniJson.path(status, "data", "flags", "web.shutdown-timeout"));
            // What the rendered probes ask, on the port they name.
            Map<String, Object> container = chart.container();
            int probePort = probePorts.get(node.index());
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertEquals("probes", RenderedChart.get(container, probe, "httpGet", "port"), probe);
                String path = (String) RenderedChart.get(container, probe, "httpGet", "path");
                Http.Reply answer = http.get(URI.create("http://127.0.0.1:" + probePort + path));
                assertEquals(200, answer.status(), node + " " + probe + " on the probe listener: " + answer);
            }
            assertEquals(
                    404,
                    http.get(URI.create("http://127.0.0.1:" + probePort + "/metrics"))
                            .status(),
                    "the probe listener serves probes and node metrics only");
            Object rules = MiniJson.path(status, "data", "ttl", "rules");
            assertEquals("ci-.*", MiniJson.path(((List<?>) rules).get(0), "job_pattern"), node + ": " + status);
            String jvmOptions = chart.environment().get("JAVA_TOOL_OPTIONS");
            assertTrue(jvmOptions.contains("-XX:MaxRAMPercentage=") && jvmOptions.contains("-Xmx" + HEAP), jvmOptions);
            assertTrue(
                    logOf(node).contains("Picked up JAVA_TOOL_OPTIONS: " + jvmOptions),
                    node + " did not get the container's environment");
            double maxHeap = Scrape.parse(http.get(node.uri("/metrics/node")).body())
                    .samples("jvm_memory_max_bytes", Map.of("area", "heap"))
                    .get(0)
                    .number();
            assertTrue(
                    maxHeap > 128 * MIB && maxHeap <= 256 * MIB,
                    node + ": the heap setting did not take effect: " + maxHeap);
        }

        Http.Reply push = http.send(
                "PUT", cluster.node(0).uri("/metrics/job/helm_check/instance/a"), "helm_check_value 42\n", Http.WRITE);
        assertEquals(200, push.status(), push.toString());
        for (ClusterNode node : cluster.nodes()) {
            await("the push in " + node + "'s scrape")
                    .atMost(CONVERGENCE)
                    .until(
                            () -> {
                                Http.Reply scrape = http.get(node.uri("/metrics"));
                                List<Scrape.Sample> samples = scrape.status() != 200
                                        ? List.of()
                                        : Scrape.parse(scrape.body())
                                                .samples(
                                                        "helm_check_value",
                                                        Map.of("job", "helm_check", "instance", "a"));
                                return samples.size() == 1
                                                && samples.get(0).value().equals("42")
                                        ? null
                                        : "last answer " + scrape;
                            },
                            nullValue());
        }

        // A refused push, so that every counter the alerts read has a series.
        assertEquals(
                400,
                http.send("PUT", cluster.node(0).uri("/metrics/job/helm_check"), "not a metric\n", Http.WRITE)
                        .status());
        Set<String> served = Scrape.parse(
                        http.get(cluster.node(0).uri("/metrics/node")).body())
                .familyNames();
        Set<String> read = new TreeSet<>();
        for (Object group : RenderedChart.list(chart.only("PrometheusRule"), "spec", "groups")) {
            for (Object rule : RenderedChart.list(group, "rules")) {
                read.addAll(ChartMonitoringTest.metricNames((String) RenderedChart.get(rule, "expr")));
            }
        }
        Map<String, Object> dashboard = chart.all("ConfigMap").stream()
                .filter(c -> "1".equals(RenderedChart.get(c, "metadata", "labels", "grafana_dashboard")))
                .findFirst()
                .orElseThrow();
        for (String query : ChartMonitoringTest.dashboardQueries(
                (String) RenderedChart.get(dashboard, "data", "pushgateway-cluster.json"))) {
            read.addAll(ChartMonitoringTest.metricNames(query));
        }
        read.remove("scrape_duration_seconds"); // Prometheus' own, for the scrape through the Service
        read.removeAll(served);
        assertEquals(Set.of(), read, "alerts or dashboard read metrics the node does not serve; it serves " + served);
    }

    /** Every node's command line: the rendered arguments, with the pod's addresses swapped for its own loopback ones. */
    private static List<ClusterProcess.Launch> launches(
            RenderedChart chart,
            Path dir,
            List<Integer> httpPorts,
            List<Integer> memberPorts,
            List<Integer> probePorts) {
        assertEquals(httpPorts.size(), RenderedChart.get(chart.only("StatefulSet"), "spec", "replicas"));
        String hazelcastConfig = hazelcastConfigText(chart);
        List<String> members =
                memberPorts.stream().map(port -> "127.0.0.1:" + port).toList();
        List<ClusterProcess.Launch> launches = new ArrayList<>();
        for (int i = 0; i < httpPorts.size(); i++) {
            Path config = dir.resolve("node-" + i + "-hazelcast.yaml");
            write(config, onLoopback(hazelcastConfig, memberPorts.get(i), members));
            List<String> flags = new ArrayList<>();
            for (String arg : chart.args()) {
                if (arg.startsWith("--web.listen-address=")) {
                    flags.add("--web.listen-address=127.0.0.1:" + httpPorts.get(i));
                } else if (arg.startsWith("--web.probe-listen-address=")) {
                    flags.add("--web.probe-listen-address=127.0.0.1:" + probePorts.get(i));
                } else if (arg.startsWith("--cluster.config=")) {
                    flags.add("--cluster.config=" + config);
                } else if (arg.startsWith("--web.config.file=")) {
                    Path webConfig = dir.resolve("node-" + i + "-web-config.yml");
                    write(webConfig, webConfigText(chart, arg.substring(arg.lastIndexOf('/') + 1)));
                    flags.add("--web.config.file=" + webConfig);
                } else if (arg.startsWith("--persistence.file=")) {
                    flags.add("--persistence.file=" + dir.resolve("node-" + i + ".snapshot"));
                } else {
                    flags.add(arg);
                }
            }
            launches.add(new ClusterProcess.Launch(httpPorts.get(i), memberPorts.get(i), flags, chart.environment()));
        }
        return launches;
    }

    /** A free loopback port per node for its probe listener, none of them one the nodes already use. */
    private static List<Integer> otherFreePorts(List<Integer> httpPorts, List<Integer> memberPorts) {
        List<Integer> taken = new ArrayList<>(httpPorts);
        taken.addAll(memberPorts);
        List<Integer> free = new ArrayList<>(LoopbackPorts.pick(httpPorts.size() + taken.size()));
        free.removeAll(taken);
        return List.copyOf(free.subList(0, httpPorts.size()));
    }

    /** The web config the pod would find in the Secret mounted for it. */
    private static String webConfigText(RenderedChart chart, String key) {
        return (String) RenderedChart.get(chart.only("Secret"), "stringData", key);
    }

    private static String hazelcastConfigText(RenderedChart chart) {
        String path = chart.flag("--cluster.config");
        String file = path.substring(path.lastIndexOf('/') + 1);
        String name = (String) RenderedChart.get(chart.only("StatefulSet"), "metadata", "name");
        return (String) RenderedChart.get(chart.named("ConfigMap", name), "data", file);
    }

    /**
     * The rendered Hazelcast config with its Kubernetes DNS discovery replaced by a fixed list of
     * loopback members and its port by this node's own; everything else as rendered.
     */
    private static String onLoopback(String rendered, int memberPort, List<String> members) {
        Map<String, Object> config = RenderedChart.parseDocument(rendered);
        Map<String, Object> network = RenderedChart.map(config, "hazelcast", "network");
        RenderedChart.map(network, "port").put("port", memberPort);
        Map<String, Object> join = RenderedChart.map(network, "join");
        if (join.remove("kubernetes") == null) {
            throw new AssertionError("the rendered config has no Kubernetes discovery to replace: " + rendered);
        }
        join.put("tcp-ip", Map.of("enabled", true, "member-list", members));
        network.put("interfaces", Map.of("enabled", true, "interfaces", List.of("127.0.0.1")));
        Map<String, Object> hazelcast = RenderedChart.map(config, "hazelcast");
        Map<String, Object> properties = new LinkedHashMap<>();
        if (hazelcast.get("properties") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> properties.put((String) k, v));
        }
        properties.put("hazelcast.local.localAddress", "127.0.0.1");
        hazelcast.put("properties", properties);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logOf(ClusterNode node) {
        try {
            return Files.readString(node.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
