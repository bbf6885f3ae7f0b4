package io.pushgateway.cluster.it.docker;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.LoopbackPorts;
import io.pushgateway.cluster.it.cluster.MiniJson;
import io.pushgateway.cluster.it.cluster.NodeJar;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The node binary accepts what docker/ gives it: three node processes on 127.0.0.1, each started
 * with the JVM options of the Dockerfile's ENTRYPOINT and the flags of its compose service
 * (addresses and ports swapped for loopback ones, everything else as written), form one cluster
 * in which a push to one node is served by the others; the image's health-check script gets its
 * answer from them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ComposeFlagsClusterTest {

    /** Three JVMs must fit on a shared machine; in the image, JAVA_TOOL_OPTIONS sizes the heap from the memory limit. */
    private static final List<String> TEST_JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Http http = new Http();
    private final List<ClusterNode> nodes = new ArrayList<>();

    @BeforeAll
    void startComposeNodes() {
        ComposeFile compose = ComposeFile.ofRepository();
        List<String> services = new ArrayList<>(compose.nodeServices().keySet());
        List<Integer> free = LoopbackPorts.pick(2 * services.size());
        Map<String, LoopbackCommand.Ports> ports = new LinkedHashMap<>();
        for (int i = 0; i < services.size(); i++) {
            ports.put(services.get(i), new LoopbackCommand.Ports(free.get(i), free.get(services.size() + i)));
        }
        // The only flag added: a cluster name of this run, so that no other cluster on this machine is joined.
        String clusterName = "it-compose-" + UUID.randomUUID().toString().substring(0, 8);
        Path logDir = Paths.get(System.getProperty("it.work.dir", "target/it-work"))
                .toAbsolutePath()
                .resolve("docker")
                .resolve(clusterName);
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            List<String> command = new ArrayList<>(javaCommand());
            command.addAll(LoopbackCommand.of(compose.command(service), service, ports));
            command.add("--cluster.name=" + clusterName);
            nodes.add(new ClusterNode(
                    i, ports.get(service).http(), ports.get(service).member(), command, logDir));
        }
        System.out.println("[compose-flags] starting " + services + "; logs in " + logDir);
        nodes.forEach(ClusterNode::start);
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(ClusterNode::kill);
    }

    @Test
    void composeNodesFormOneClusterAndServeEachOthersPushes() {
        for (ClusterNode node : nodes) {
            awaitReady(node);
        }
        await("every node sees " + nodes.size() + " members")
                .atMost(ClusterProcess.START_TIMEOUT)
                .until(
                        () -> {
                            for (ClusterNode node : nodes) {
                                int members = members(node);
                                if (members != nodes.size()) {
                                    return node + " sees " + members + " members";
                                }
                            }
                            return null;
                        },
                        nullValue());

        Http.Reply push = http.send(
                "PUT",
                nodes.get(0).uri("/metrics/job/compose_flags/instance/a"),
                "compose_flags_pushed 42\n",
                Http.WRITE);
        assertEquals(200, push.status(), "push through " + nodes.get(0) + ": " + push);
        String series = "compose_flags_pushed{instance=\"a\",job=\"compose_flags\"} 42";
        for (ClusterNode other : nodes.subList(1, nodes.size())) {
            await(other + " serves the push made through " + nodes.get(0))
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                Http.Reply scrape = http.get(other.uri("/metrics"));
                                return scrape.status() == 200 && scrape.body().contains(series)
                                        ? null
                                        : "last scrape " + scrape;
                            },
                            nullValue());
        }
    }

    @Test
    void imageHealthCheckScriptGetsItsAnswerFromANode() throws Exception {
        ClusterNode node = nodes.get(0);
        awaitReady(node);
        int port = node.baseUri().getPort();
        assertEquals(0, healthCheck("/-/healthy", port), "health check of a running node");
        assertEquals(0, healthCheck("/-/ready", port), "readiness check of a ready node");
        assertNotEquals(0, healthCheck("/-/nothing-here", port), "a 404 must not count as healthy");
        int nothingListens = LoopbackPorts.pick(1).get(0);
        assertNotEquals(0, healthCheck("/-/healthy", nothingListens), "no node, no health");
    }

    private void awaitReady(ClusterNode node) {
        await(node + " ready")
                .atMost(ClusterProcess.START_TIMEOUT)
                .until(
                        () -> {
                            if (!node.isAlive()) {
                                throw new AssertionError(
                                        node + " exited with code " + node.exitCode() + "; " + node.logTail(60));
                            }
                            Http.Reply reply = http.get(node.uri("/-/ready"));
                            return reply.status() == 200 ? null : "last answer " + reply;
                        },
                        nullValue());
    }

    private int members(ClusterNode node) {
        Http.Reply reply = http.get(node.uri("/api/v1/status"));
        Object members = reply.status() == 200
                ? MiniJson.path(MiniJson.parse(reply.body()), "data", "cluster", "members")
                : null;
        return members instanceof List<?> list ? list.size() : -1;
    }

    /** The JVM and its options from the Dockerfile's ENTRYPOINT, the test's heap, and the jar built here. */
    private static List<String> javaCommand() {
        List<String> entrypoint = DockerfileInstructions.ofRepository().entrypoint();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(entrypoint.subList(1, entrypoint.indexOf("-jar")));
        command.addAll(TEST_JVM_OPTIONS);
        command.add("-jar");
        command.add(NodeJar.path().toString());
        return command;
    }

    /** Exit code of docker/healthcheck.sh run with bash, as the image's HEALTHCHECK runs it. */
    private static int healthCheck(String path, int port) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(
                        "bash", RepositoryFiles.path("docker/healthcheck.sh").toString(), path, Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!check.waitFor(20, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("healthcheck.sh " + path + " " + port + " did not finish within 20 s");
        }
        return check.exitValue();
    }
}
