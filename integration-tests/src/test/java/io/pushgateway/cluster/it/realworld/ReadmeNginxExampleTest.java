package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.LoopbackPorts;
import io.pushgateway.cluster.it.docker.RepositoryFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The nginx example of the README ("Behind a load balancer") is what a user copies: it must pass
 * {@code nginx -t} and work. Its node addresses and listen port are swapped for free loopback
 * ports, nothing else is changed; it is included into a minimal main configuration as a file in
 * {@code conf.d} is. Then a push through it reaches both nodes of a cluster, and after one node gets
 * {@code kill -9}, pushes through it are answered by the other.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadmeNginxExampleTest {
    private static final Pattern EXAMPLE =
            Pattern.compile("### Behind a load balancer.*?```nginx\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SERVER_LINE = Pattern.compile("(?m)^(\\s*server) 127\\.0\\.0\\.1:\\d+( .*;)$");
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final Http http = new Http();

    @Test
    void theReadmeExamplePassesNginxTestAndMovesPushesToALiveNode() throws Exception {
        Path nginx = NginxLoadBalancer.executable();
        Matcher example = EXAMPLE.matcher(RepositoryFiles.read("README.md"));
        assertTrue(example.find(), "README.md has no nginx block under \"### Behind a load balancer\"");
        String snippet = example.group(1);
        assertTrue(snippet.contains("proxy_next_upstream error timeout http_502 http_503 non_idempotent;"), snippet);

        try (ClusterProcess cluster = ClusterProcess.start("readme-nginx", 2, List.of("--cluster.min-members=1"))) {
            int port = LoopbackPorts.pick(1).get(0);
            Path dir = ToolProcess.newDirectory("nginx-readme");
            ToolConfig.write(dir.resolve("pushgateway.conf"), forLoopback(snippet, cluster.nodes(), port));
            ToolConfig.write(dir.resolve("nginx.conf"), mainConfig(dir));
            List<String> command = List.of(
                    nginx.toString(),
                    "-p",
                    dir.toString(),
                    "-c",
                    dir.resolve("nginx.conf").toString(),
                    "-e",
                    dir.resolve("error.log").toString());

            Process test = new ProcessBuilder(concat(command, "-t"))
                    .redirectErrorStream(true)
                    .start();
            String testOutput = new String(test.getInputStream().readAllBytes());
            assertTrue(test.waitFor(30, TimeUnit.SECONDS), "nginx -t did not finish");
            assertEquals(0, test.exitValue(), "nginx -t: " + testOutput);

            try (ToolProcess balancer = ToolProcess.start("nginx", dir, concat(command, "-g", "daemon off;"))) {
                URI base = URI.create("http://127.0.0.1:" + port);
                await("nginx passing /-/ready on")
                        .atMost(Duration.ofSeconds(20))
                        .until(
                                () -> http.get(base.resolve("/-/ready")).status() == 200 ? null : "not yet",
                                nullValue());

                Http.Reply pushed =
                        http.send("PUT", base.resolve("/metrics/job/readme"), "readme_example 1\n", Http.WRITE);
                assertEquals(200, pushed.status(), pushed.toString());
                for (ClusterNode node : cluster.nodes()) {
                    await("the push on " + node)
                            .atMost(SETTLE)
                            .until(() -> showing(node, "readme_example"), nullValue());
                }

                cluster.kill(0);
                // Until the survivor has declared the dead member gone, it may answer 503 itself.
                await("a push through nginx answered 200 after the kill")
                        .atMost(SETTLE)
                        .until(
                                () -> {
                                    Http.Reply reply = http.send(
                                            "PUT",
                                            base.resolve("/metrics/job/readme_first"),
                                            "readme_first 1\n",
                                            Http.WRITE);
                                    return reply.status() == 200 ? null : "last answer " + reply;
                                },
                                nullValue());
                // From then on every push is answered 200 at once, whichever node round robin picks first.
                for (int i = 0; i < 6; i++) {
                    String series = "readme_after_kill_" + i;
                    Http.Reply reply =
                            http.send("PUT", base.resolve("/metrics/job/" + series), series + " 1\n", Http.WRITE);
                    assertEquals(200, reply.status(), reply.toString());
                    assertEquals(null, showing(cluster.node(1), series));
                }
            }
        }
    }

    /** The README's snippet with the nodes' and nginx's addresses on free loopback ports. */
    private static String forLoopback(String snippet, List<ClusterNode> nodes, int port) {
        Matcher servers = SERVER_LINE.matcher(snippet);
        assertTrue(servers.find(), "no server line in " + snippet);
        String first = servers.group();
        StringBuilder replacement = new StringBuilder();
        for (ClusterNode node : nodes) {
            replacement
                    .append(servers.group(1))
                    .append(' ')
                    .append(node.baseUri().getAuthority())
                    .append(servers.group(2))
                    .append('\n');
        }
        String withNodes = SERVER_LINE
                .matcher(snippet.replace(first, "{{SERVERS}}"))
                .replaceAll("")
                .replace("{{SERVERS}}", replacement.toString().stripTrailing());
        assertTrue(withNodes.contains("listen 8080;"), withNodes);
        return withNodes.replace("listen 8080;", "listen 127.0.0.1:" + port + ";");
    }

    /** What /etc/nginx/nginx.conf provides around conf.d, with every file nginx writes in {@code dir}. */
    private static String mainConfig(Path dir) {
        return "worker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log")
                + ";\n"
                + "events { worker_connections 256; }\n"
                + "http {\n"
                + "  access_log " + dir.resolve("access.log") + ";\n"
                + "  client_body_temp_path " + dir.resolve("client_body") + ";\n"
                + "  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + "  include " + dir.resolve("pushgateway.conf") + ";\n"
                + "}\n";
    }

    private String showing(ClusterNode node, String series) {
        Http.Reply scrape = http.get(node.uri("/metrics"));
        return scrape.status() == 200 && scrape.body().contains(series + "{")
                ? null
                : node + " does not show " + series;
    }

    private static List<String> concat(List<String> command, String... more) {
        List<String> all = new java.util.ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }
}
