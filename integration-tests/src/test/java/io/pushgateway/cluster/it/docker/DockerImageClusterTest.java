package io.pushgateway.cluster.it.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.MiniJson;
import io.pushgateway.cluster.it.cluster.Poll;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;

/**
 * The image itself, where a Docker engine is available (skipped elsewhere): built from
 * docker/Dockerfile, three containers on one network, each with the flags of its compose service,
 * a read-only root file system and a writable /tmp, form one cluster; a push to one is scraped from
 * another; Docker's health check passes; the node does not run as root.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DockerImageClusterTest {

  private static final int HTTP_PORT = 9091;
  /** Building the image downloads Maven's dependencies; starting is three JVMs joining. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Http http = new Http();
  private final List<GenericContainer<?>> nodes = new ArrayList<>();
  private Network network;

  @BeforeAll
  void startThreeNodeContainers() {
    ImageFromDockerfile image = imageOfThisRepository();
    System.out.println("[docker-image] built " + image.get());
    network = Network.newNetwork();
    ComposeFile compose = ComposeFile.ofRepository();
    for (String service : compose.nodeServices().keySet()) {
      GenericContainer<?> node = new GenericContainer<>(image)
          .withNetwork(network)
          .withNetworkAliases(service)
          .withCommand(compose.command(service).toArray(String[]::new))
          .withExposedPorts(HTTP_PORT)
          .withTmpFs(Map.of("/tmp", "rw"))
          .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
          .waitingFor(Wait.forHttp("/-/ready").forPort(HTTP_PORT).forStatusCode(200).withStartupTimeout(START_TIMEOUT));
      nodes.add(node);
    }
    // Together, as compose starts them: each node's peers must resolve while it joins.
    Startables.deepStart(nodes).join();
  }

  @AfterAll
  void stopContainers() {
    nodes.forEach(GenericContainer::stop);
    if (network != null) {
      network.close();
    }
  }

  @Test
  void containersFormOneClusterAndServeAPushMadeThroughAnother() {
    Poll.until("every container sees " + nodes.size() + " members", START_TIMEOUT, () -> {
      for (GenericContainer<?> node : nodes) {
        Http.Reply status = http.get(uri(node, "/api/v1/status"));
        Object members = status.status() == 200
            ? MiniJson.path(MiniJson.parse(status.body()), "data", "cluster", "members") : null;
        if (!(members instanceof List<?> list) || list.size() != nodes.size()) {
          return node.getNetworkAliases() + " answers " + status;
        }
      }
      return null;
    });
    Http.Reply push = http.send("PUT", uri(nodes.get(0), "/metrics/job/docker_image/instance/a"),
        "docker_image_pushed 7\n", Http.WRITE);
    assertEquals(200, push.status(), "push: " + push);
    GenericContainer<?> other = nodes.get(nodes.size() - 1);
    String series = "docker_image_pushed{instance=\"a\",job=\"docker_image\"} 7";
    Poll.until("the push in another container's scrape", Duration.ofSeconds(30), () -> {
      Http.Reply scrape = http.get(uri(other, "/metrics"));
      return scrape.body().contains(series) ? null : "last scrape " + scrape;
    });
  }

  @Test
  void dockerHealthCheckPassesOnEveryNode() {
    for (GenericContainer<?> node : nodes) {
      assertEquals(200, http.get(uri(node, "/-/healthy")).status());
      // The image's HEALTHCHECK runs every 10 s.
      Poll.until(node.getContainerId() + " reported healthy by Docker", Duration.ofMinutes(2),
          () -> node.isHealthy() ? null : "not healthy yet");
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

  /**
   * The image built as {@code docker build -f docker/Dockerfile .} from the repository root builds
   * it, with the context cut down to what the Dockerfile copies (as .dockerignore does).
   */
  private static ImageFromDockerfile imageOfThisRepository() {
    Path root = RepositoryFiles.root();
    ImageFromDockerfile image = new ImageFromDockerfile(
        "localhost/pushgateway-cluster-it:" + UUID.randomUUID().toString().substring(0, 8), true);
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
