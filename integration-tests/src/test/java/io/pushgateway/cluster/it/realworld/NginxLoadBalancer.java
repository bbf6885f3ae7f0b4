package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real nginx on 127.0.0.1 balancing round robin over the nodes, configured from
 * {@code src/test/resources/realworld/nginx.conf}: a failed connection moves the request, pushes
 * included, on to the next node. Runs in a directory of its own, which keeps its logs.
 */
final class NginxLoadBalancer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final ToolProcess process;
    private final int port;

    private NginxLoadBalancer(ToolProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts nginx in front of {@code nodes} and waits until a request through it reaches a node.
     * Skips the test if nginx is not installed.
     */
    static NginxLoadBalancer start(String testName, List<ClusterNode> nodes) {
        Path nginx = executable();
        for (int attempt = 1; ; attempt++) {
            Path dir = ToolProcess.newDirectory("nginx-" + testName);
            int port = LoopbackPorts.pick(1).get(0);
            String servers = nodes.stream()
                    .map(node -> "    server " + node.baseUri().getAuthority() + " max_fails=1 fail_timeout=1s;")
                    .collect(Collectors.joining("\n"));
            String config = ToolConfig.template("nginx.conf")
                    .replace("{{DIR}}", dir.toString())
                    .replace("{{LISTEN}}", "127.0.0.1:" + port)
                    .replace("{{SERVERS}}", servers);
            ToolConfig.write(dir.resolve("nginx.conf"), config);
            // -e: the error log before the configuration is read, which otherwise goes to /var/log.
            ToolProcess process = ToolProcess.start(
                    "nginx",
                    dir,
                    List.of(
                            nginx.toString(),
                            "-p",
                            dir.toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString(),
                            "-e",
                            dir.resolve("error.log").toString(),
                            "-g",
                            "daemon off;"));
            NginxLoadBalancer balancer = new NginxLoadBalancer(process, port);
            try {
                balancer.awaitProxying();
                System.out.println("[nginx] " + process + " listening on 127.0.0.1:" + port + " in front of "
                        + nodes.stream().map(n -> n.baseUri().getAuthority()).toList());
                return balancer;
            } catch (AssertionError e) {
                balancer.close();
                // The port picked as free was taken before nginx bound it: once more on another.
                if (process.isAlive() || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /** The nginx binary; skips the test if there is none. Call it first, before starting a cluster for nothing. */
    static Path executable() {
        return InstalledTool.require("nginx", "it.nginx", "nginx-light", "/usr/sbin/nginx");
    }

    private void awaitProxying() {
        Http http = new Http();
        await("nginx answering /-/ready from a node")
                .atMost(START_TIMEOUT)
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new AssertionError("nginx exited; " + logs(20));
                            }
                            Http.Reply reply = http.get(uri("/-/ready"));
                            return reply.status() == 200 ? null : "last answer " + reply;
                        },
                        nullValue());
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI uri(String path) {
        return baseUri().resolve(path);
    }

    /**
     * Requests nginx had to pass to more than one node, by the access log (its upstream address
     * lists every node tried): how often the retry on connection failure was needed.
     */
    long requestsRetriedOnAnotherNode() {
        try {
            // $upstream_addr is "a:1, b:2" when a second node had to be tried.
            return Files.readAllLines(process.dir().resolve("access.log"), StandardCharsets.UTF_8).stream()
                    .filter(line ->
                            line.contains("upstream=") && line.split("upstream=", 2)[1].split(" ")[0].endsWith(","))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tails of nginx's error log and output, for failure messages. */
    String logs(int lines) {
        return ToolProcess.tail(process.dir().resolve("error.log"), lines) + "\n" + process.logTail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
