package io.pushgateway.cluster.it.docker;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HealthCheck;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.MiniJson;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.lifecycle.Startables;

/**
 * The image itself, built from docker/Dockerfile by a Docker engine (Docker, or podman's Docker API
 * through DOCKER_HOST): three containers on one network, each with the flags and memory limit of
 * its compose service, a read-only root file system and a writable /tmp, form one cluster; a push
 * to one is scraped from another; the image's health check passes; the node does not run as root;
 * the heap follows the memory limit, and JAVA_TOOL_OPTIONS replaces the image's default. Skipped
 * where no engine answers, except with -Dit.requireAll=true (CI), where that is a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DockerImageClusterTest {

    private static final int HTTP_PORT = 9091;
    /** Building the image downloads Maven's dependencies; starting is three JVMs joining. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** The compose file's mem_limit. */
    private static final long MEMORY_LIMIT = 512L * 1024 * 1024;
    /** Given to the last node only, to show that it replaces the image's -XX:MaxRAMPercentage=75.0. */
    private static final String JVM_OPTIONS_OVERRIDE = "-XX:MaxRAMPercentage=50.0";

    private final Http http = new Http();
    private final List<GenericContainer<?>> nodes = new ArrayList<>();
    private Network network;
    private String imageName;

    @BeforeAll
    void startThreeNodeContainers() {
        requireContainerEngine();
        ImageFromDockerfile image = imageOfThisRepository();
        imageName = image.get();
        System.out.println("[docker-image] built " + imageName);
        network = Network.newNetwork();
        ComposeFile compose = ComposeFile.ofRepository();
        for (String service : compose.nodeServices().keySet()) {
            GenericContainer<?> node = new GenericContainer<>(image)
                    .withNetwork(network)
                    .withNetworkAliases(service)
                    .withCommand(compose.command(service).toArray(String[]::new))
                    .withExposedPorts(HTTP_PORT)
                    .withTmpFs(Map.of("/tmp", "rw"))
                    .withCreateContainerCmdModifier(
                            cmd -> cmd.getHostConfig().withReadonlyRootfs(true).withMemory(MEMORY_LIMIT))
                    .waitingFor(Wait.forHttp("/-/ready")
                            .forPort(HTTP_PORT)
                            .forStatusCode(200)
                            .withStartupTimeout(START_TIMEOUT));
            nodes.add(node);
        }
        nodes.get(nodes.size() - 1).withEnv("JAVA_TOOL_OPTIONS", JVM_OPTIONS_OVERRIDE);
        // Together, as compose starts them: each node's peers must resolve while it joins.
        Startables.deepStart(nodes).join();
    }

    @AfterAll
    void stopContainers() {
        nodes.forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
        // Testcontainers leaves the removal to Ryuk, which CI runs without (it is an image from a registry).
        if (imageName != null) {
            DockerClientFactory.instance()
                    .client()
                    .removeImageCmd(imageName)
                    .withForce(true)
                    .exec();
        }
    }

    @Test
    void containersFormOneClusterAndServeAPushMadeThroughAnother() {
        await("every container sees " + nodes.size() + " members")
                .atMost(START_TIMEOUT)
                .until(
                        () -> {
                            for (GenericContainer<?> node : nodes) {
                                Http.Reply status = http.get(uri(node, "/api/v1/status"));
                                Object members = status.status() == 200
                                        ? MiniJson.path(MiniJson.parse(status.body()), "data", "cluster", "members")
                                        : null;
                                if (!(members instanceof List<?> list) || list.size() != nodes.size()) {
                                    return node.getNetworkAliases() + " answers " + status;
                                }
                            }
                            return null;
                        },
                        nullValue());
        Http.Reply push = http.send(
                "PUT",
                uri(nodes.get(0), "/metrics/job/docker_image/instance/a"),
                "docker_image_pushed 7\n",
                Http.WRITE);
        assertEquals(200, push.status(), "push: " + push);
        GenericContainer<?> other = nodes.get(nodes.size() - 1);
        String series = "docker_image_pushed{instance=\"a\",job=\"docker_image\"} 7";
        await("the push in another container's scrape")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            Http.Reply scrape = http.get(uri(other, "/metrics"));
                            return scrape.body().contains(series) ? null : "last scrape " + scrape;
                        },
                        nullValue());
    }

    @Test
    void imagesHealthCheckPassesOnEveryNode() throws Exception {
        List<String> expected = new ArrayList<>(List.of("CMD"));
        expected.addAll(DockerfileInstructions.ofRepository().healthcheckCommand());
        for (GenericContainer<?> node : nodes) {
            // The check each container inherited from the image (an OCI-format build would have none).
            HealthCheck declared = node.getContainerInfo().getConfig().getHealthcheck();
            assertEquals(
                    expected,
                    declared == null ? null : declared.getTest(),
                    "health check of " + node.getNetworkAliases());
            // Run here rather than waiting for the engine's schedule: podman runs health checks from
            // systemd timers, which a machine without systemd does not have.
            ExecResult check =
                    node.execInContainer(expected.subList(1, expected.size()).toArray(String[]::new));
            assertEquals(0, check.getExitCode(), node.getNetworkAliases() + ": " + check);
        }
    }

    @Test
    void heapFollowsTheMemoryLimitAndJavaToolOptionsReplacesTheDefault() {
        for (GenericContainer<?> node : nodes) {
            boolean overridden = node == nodes.get(nodes.size() - 1);
            // The image's default, 75% of the limit, or the override's 50%. The JVM reports a little
            // less than its maximum heap (one survivor space is not counted), hence the ranges.
            double low = overridden ? 0.40 : 0.65;
            double high = overridden ? 0.52 : 0.77;
            double fraction = maxHeapBytes(node) / (double) MEMORY_LIMIT;
            assertTrue(
                    fraction > low && fraction <= high,
                    node.getNetworkAliases()
                            + (overridden
                                    ? " with JAVA_TOOL_OPTIONS=" + JVM_OPTIONS_OVERRIDE
                                    : " with the image's default")
                            + ": heap is "
                            + fraction + " of the memory limit, expected between " + low + " and " + high);
        }
    }

    @Test
    void nodeProcessRunsAsTheImagesNonRootUser() throws Exception {
        for (GenericContainer<?> node : nodes) {
            // PID 1 is the JVM: the ENTRYPOINT is in exec form.
            ExecResult owner = node.execInContainer("stat", "-c", "%u:%g", "/proc/1");
            assertEquals("65532:65532", owner.getStdout().strip(), "owner of the node process; " + owner.getStderr());
        }
    }

    /** The JVM's maximum heap, from the node's own metrics. */
    private long maxHeapBytes(GenericContainer<?> node) {
        Http.Reply metrics = http.get(uri(node, "/metrics/node"));
        Matcher heap = Pattern.compile("(?m)^jvm_memory_max_bytes\\{area=\"heap\"} (\\S+)$")
                .matcher(metrics.body());
        assertTrue(heap.find(), "no heap maximum in /metrics/node: " + metrics);
        return (long) Double.parseDouble(heap.group(1));
    }

    /**
     * Returns if a Docker engine answers; else skips the test, which {@link io.pushgateway.cluster.it.PeersRequired}
     * turns into a failure in CI: an image nobody builds is how a broken Dockerfile goes unnoticed.
     */
    private static void requireContainerEngine() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String missing = "no Docker engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "); start Docker,"
                + " or podman's Docker API: podman system service --time=0 unix:///run/podman/podman.sock &"
                + " export DOCKER_HOST=unix:///run/podman/podman.sock";
        Assumptions.abort(missing);
    }

    /**
     * The image built as {@code docker build -f docker/Dockerfile .} from the repository root builds
     * it, with the context cut down to what the Dockerfile copies (as .dockerignore does).
     */
    private static ImageFromDockerfile imageOfThisRepository() {
        Path root = RepositoryFiles.root();
        ImageFromDockerfile image = new ImageFromDockerfile(
                "localhost/pushgateway-cluster-it:"
                        + UUID.randomUUID().toString().substring(0, 8),
                true);
        image.withFileFromPath("docker/Dockerfile", root.resolve("docker/Dockerfile"));
        for (String source : DockerfileInstructions.ofRepository().contextSources()) {
            image.withFileFromPath(source, root.resolve(source));
        }
        return image.withDockerfilePath("docker/Dockerfile");
    }

    /** The node's HTTP port as published on this machine; only loopback is ever addressed. */
    private static URI uri(GenericContainer<?> node, String path) {
        String host = node.getHost().equals("localhost") ? "127.0.0.1" : node.getHost();
        return URI.create("http://" + host + ":" + node.getMappedPort(HTTP_PORT) + path);
    }
}
