package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.LoopbackPorts;
import io.pushgateway.cluster.it.cluster.MiniJson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus on 127.0.0.1 scraping the cluster every second through nginx and each node
 * directly, configured from {@code src/test/resources/realworld/prometheus.yml}; its HTTP query
 * API is how the test sees what a user's dashboards and alerts would see.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** One series of an instant-query answer: its labels (the name as {@code __name__}) and value. */
    record Series(Map<String, String> labels, double value) {

        String label(String name) {
            return labels.get(name);
        }
    }

    private final ToolProcess process;
    private final int port;
    private final Http http = new Http();

    private PrometheusServer(ToolProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Prometheus scraping {@code nginx} (label {@code scraped_via="nginx"}) and every node
     * ({@code scraped_via="node<index>"}), and waits until it is ready. Skips the test if Prometheus
     * is not installed.
     */
    static PrometheusServer start(String testName, NginxLoadBalancer nginx, List<ClusterNode> nodes) {
        StringBuilder nodeTargets = new StringBuilder();
        for (ClusterNode node : nodes) {
            nodeTargets
                    .append("      - targets: ['")
                    .append(node.baseUri().getAuthority())
                    .append("']\n")
                    .append("        labels:\n")
                    .append("          scraped_via: node")
                    .append(node.index())
                    .append('\n');
        }
        return launch(
                testName,
                ToolConfig.template("prometheus.yml")
                        .replace("{{NGINX_TARGET}}", nginx.baseUri().getAuthority())
                        .replace("{{NODE_TARGETS}}", nodeTargets),
                List.of());
    }

    /**
     * Starts Prometheus scraping one gateway every second with {@code honor_labels}, with these
     * extra flags (e.g. {@code --enable-feature=native-histograms}), and waits until it is ready.
     */
    static PrometheusServer startScraping(String testName, URI gateway, List<String> extraFlags) {
        return launch(testName, """
        global:
          scrape_interval: 1s
          scrape_timeout: 900ms
        scrape_configs:
          - job_name: gateway
            honor_labels: true
            static_configs:
              - targets: ['%s']
        """.formatted(gateway.getAuthority()), extraFlags);
    }

    private static PrometheusServer launch(String testName, String configText, List<String> extraFlags) {
        Path prometheus = executable();
        for (int attempt = 1; ; attempt++) {
            Path dir = ToolProcess.newDirectory("prometheus-" + testName);
            int port = LoopbackPorts.pick(1).get(0);
            Path config = dir.resolve("prometheus.yml");
            ToolConfig.write(config, configText);
            List<String> command = new ArrayList<>(List.of(
                    prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=info"));
            command.addAll(extraFlags);
            ToolProcess process = ToolProcess.start("prometheus", dir, command);
            PrometheusServer server = new PrometheusServer(process, port);
            try {
                server.awaitReady();
                System.out.println("[prometheus] " + process + " listening on 127.0.0.1:" + port);
                return server;
            } catch (AssertionError e) {
                server.close();
                // The port picked as free was taken before Prometheus bound it: once more on another.
                if (process.isAlive() || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /** The Prometheus binary; skips the test if there is none. Call it first, before starting a cluster for nothing. */
    static Path executable() {
        return InstalledTool.require("prometheus", "it.prometheus", "prometheus", "/usr/bin/prometheus");
    }

    private void awaitReady() {
        await("Prometheus ready")
                .atMost(START_TIMEOUT)
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new AssertionError("Prometheus exited; " + process.logTail(30));
                            }
                            Http.Reply reply = http.get(URI.create("http://127.0.0.1:" + port + "/-/ready"));
                            return reply.status() == 200 ? null : "last answer " + reply;
                        },
                        nullValue());
    }

    /** The instant query {@code promql} now; fails unless Prometheus answers with a vector. */
    List<Series> query(String promql) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        Http.Reply reply = http.get(uri);
        Object root = reply.status() == 200 ? MiniJson.parse(reply.body()) : null;
        if (!"success".equals(MiniJson.path(root, "status"))
                || !"vector".equals(MiniJson.path(root, "data", "resultType"))
                || !(MiniJson.path(root, "data", "result") instanceof List<?> result)) {
            throw new AssertionError("query " + promql + " answered " + reply);
        }
        List<Series> series = new ArrayList<>();
        for (Object item : result) {
            Map<String, String> labels = new TreeMap<>();
            if (MiniJson.path(item, "metric") instanceof Map<?, ?> metric) {
                metric.forEach((name, value) -> labels.put((String) name, (String) value));
            }
            Object value = MiniJson.path(item, "value");
            if (!(value instanceof List<?> pair) || pair.size() != 2 || !(pair.get(1) instanceof String number)) {
                throw new AssertionError("query " + promql + ": no [time, value] in " + item);
            }
            series.add(new Series(labels, Double.parseDouble(number)));
        }
        return series;
    }

    /** A GET of another API path (e.g. {@code /api/v1/targets/metadata?...}); the reply as it came. */
    Http.Reply get(String pathAndQuery) {
        return http.get(URI.create("http://127.0.0.1:" + port + pathAndQuery));
    }

    String logs(int lines) {
        return process.logTail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
