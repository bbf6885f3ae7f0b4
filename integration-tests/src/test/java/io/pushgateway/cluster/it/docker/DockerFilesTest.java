package io.pushgateway.cluster.it.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.cluster.NodeJar;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What docker/ promises, read from the files themselves (DockerImageClusterTest and CI's
 * docker/compose-smoke run them): the image runs the node as a non-root user with a health check and container-aware
 * memory; compose runs three nodes of that image as one cluster behind nginx, and a Prometheus that
 * scrapes through nginx keeping the pushed labels. Ports and paths must agree across the files.
 */
class DockerFilesTest {

    private static final int HTTP_PORT = 9091;
    private static final int CLUSTER_PORT = 5701;
    private static final String JAR = "/opt/pushgateway-cluster/pushgateway-cluster.jar";

    private final DockerfileInstructions dockerfile = DockerfileInstructions.ofRepository();
    private final ComposeFile compose = ComposeFile.ofRepository();

    @Test
    void imageExposesHttpAndClusterPortsAndRunsAsANumericNonRootUser() {
        assertEquals(Set.of(HTTP_PORT, CLUSTER_PORT), Set.copyOf(dockerfile.exposedPorts()));
        String user = dockerfile.only("USER").arguments().strip();
        // Numeric, so that Kubernetes' runAsNonRoot can check it without the image's passwd file.
        assertTrue(user.matches("\\d+(:\\d+)?"), "USER must be numeric: " + user);
        for (String id : user.split(":")) {
            assertNotEquals(0, Integer.parseInt(id), "the image runs as root: USER " + user);
        }
        assertEquals("65532:65532", user);
    }

    @Test
    void imageIsBuiltWithMavenAndRunsOnAJlinkedRuntimeOnDebianSlim() {
        assertEquals("debian:bookworm-slim", dockerfile.baseImage(dockerfile.lastStage()), "runtime base image");
        String build = dockerfile.all(0, "RUN").stream()
                .map(DockerfileInstructions.Instruction::arguments)
                .collect(Collectors.joining("\n"));
        assertTrue(build.contains("mvn -B -q package -DskipTests -pl node -am"), "build stage runs: " + build);
        assertTrue(build.contains("jlink "), "the runtime is made with jlink: " + build);
        assertTrue(
                dockerfile.baseImage(0).startsWith("maven:")
                        && dockerfile.baseImage(0).contains("temurin-17"),
                "build base image: " + dockerfile.baseImage(0));
        boolean jarFromBuild = dockerfile.copies(dockerfile.lastStage()).stream()
                .anyMatch(c -> c.arguments().startsWith("--from=build ")
                        && c.words().get(c.words().size() - 1).equals(JAR));
        assertTrue(jarFromBuild, "the jar is not copied from the build stage to " + JAR);
    }

    @Test
    void buildStageCopiesThePomOfEveryModuleOfTheReactor() {
        // Maven reads every module the parent lists, even with -pl node: one missing pom fails the build.
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(RepositoryFiles.read("pom.xml"));
        Set<String> sources = Set.copyOf(dockerfile.contextSources());
        int modules = 0;
        while (module.find()) {
            modules++;
            assertTrue(
                    sources.contains(module.group(1).strip() + "/pom.xml"),
                    "docker/Dockerfile does not copy " + module.group(1) + "/pom.xml; it copies " + sources);
        }
        assertTrue(modules > 0, "no <module> in pom.xml");
    }

    @Test
    void everyBaseImageIsOneTheLocalBaseImagesScriptMakes() throws Exception {
        Process list = new ProcessBuilder(
                        "bash", RepositoryFiles.path("docker/local-base-images").toString(), "--list")
                .redirectErrorStream(true)
                .start();
        String output = new String(list.getInputStream().readAllBytes());
        assertEquals(0, list.waitFor(), "docker/local-base-images --list: " + output);
        Set<String> made = Arrays.stream(output.split("\n"))
                .map(DockerFilesTest::shortImageName)
                .collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        for (int stage = 0; stage <= dockerfile.lastStage(); stage++) {
            used.add(dockerfile.baseImage(stage));
        }
        for (String service : compose.services().keySet()) {
            if (!compose.nodeServices().containsKey(service)) {
                used.add((String) compose.service(service).get("image"));
            }
        }
        for (String image : used) {
            assertTrue(
                    made.contains(shortImageName(image)),
                    image + " is used by docker/ but not made by" + " docker/local-base-images, which makes " + made);
        }
    }

    @Test
    void entrypointStartsTheJarAndLeavesTheHeapToJavaToolOptions() {
        List<String> entrypoint = dockerfile.entrypoint();
        assertEquals("java", entrypoint.get(0));
        assertEquals(
                List.of("-jar", JAR),
                entrypoint.subList(entrypoint.size() - 2, entrypoint.size()),
                "container arguments must follow the jar, as node flags: " + entrypoint);
        // A heap option on the command line would win over the user's JAVA_TOOL_OPTIONS.
        assertTrue(
                entrypoint.stream().noneMatch(f -> f.contains("RAMPercentage") || f.startsWith("-Xmx")),
                "heap options belong in the JAVA_TOOL_OPTIONS default: " + entrypoint);
        assertEquals(
                "-XX:MaxRAMPercentage=75.0",
                dockerfile.env("JAVA_TOOL_OPTIONS"),
                "default heap: from the memory limit");
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), "a JVM out of memory must end: " + entrypoint);
        // With a read-only root file system only /tmp is writable.
        assertTrue(entrypoint.contains("-Djava.io.tmpdir=/tmp"), entrypoint.toString());
        assertTrue(
                entrypoint.stream().anyMatch(f -> f.startsWith("-Dvertx.cacheDirBase=/tmp/")), entrypoint.toString());
    }

    @Test
    void imageIsLabelledWithItsSourceAndVersion() {
        String labels = dockerfile.all(dockerfile.lastStage(), "LABEL").stream()
                .map(DockerfileInstructions.Instruction::arguments)
                .collect(Collectors.joining(" "));
        for (String label : List.of(
                "org.opencontainers.image.source=",
                "org.opencontainers.image.version=",
                "org.opencontainers.image.revision=")) {
            assertTrue(labels.contains(label), "missing label " + label + " in " + labels);
        }
    }

    @Test
    void jarManifestOpensWhatHazelcastNeeds() throws IOException {
        // The Dockerfile relies on the manifest for Hazelcast's --add-opens and --add-exports.
        try (JarFile jar = new JarFile(NodeJar.path().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            Set<String> opens = words(main.getValue("Add-Opens"));
            assertTrue(
                    opens.containsAll(Set.of(
                            "java.base/java.lang",
                            "java.base/java.nio",
                            "java.base/sun.nio.ch",
                            "java.management/sun.management",
                            "jdk.management/com.sun.management.internal")),
                    "Add-Opens: " + opens);
            assertTrue(
                    words(main.getValue("Add-Exports")).contains("java.base/jdk.internal.ref"),
                    "Add-Exports: " + main.getValue("Add-Exports"));
        }
    }

    @Test
    void healthcheckAsksTheNodesHealthEndpointWithAScriptTheImageContains() {
        List<String> command = dockerfile.healthcheckCommand();
        assertEquals(
                List.of("bash", "/opt/pushgateway-cluster/healthcheck.sh", "/-/healthy", Integer.toString(HTTP_PORT)),
                command);
        boolean scriptCopied = dockerfile.copies(dockerfile.lastStage()).stream()
                .anyMatch(c -> c.words().equals(List.of("docker/healthcheck.sh", command.get(1))));
        assertTrue(scriptCopied, "the image does not contain " + command.get(1));
        assertTrue(
                dockerfile.only("HEALTHCHECK").arguments().contains("--start-period="),
                "a node needs time to join before its checks count");
    }

    @Test
    void buildContextHasWhatTheDockerfileCopiesAndLeavesBuildOutputOut() {
        for (String source : dockerfile.contextSources()) {
            assertTrue(Files.exists(RepositoryFiles.path(source)), "COPY of a missing file: " + source);
            assertFalse(source.contains("target"), "COPY from build output: " + source);
        }
        Set<String> ignored = Arrays.stream(
                        RepositoryFiles.read(".dockerignore").split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toSet());
        assertTrue(ignored.containsAll(Set.of(".git", "**/target")), ".dockerignore: " + ignored);
    }

    @Test
    void composeRunsThreeNodesOfTheImageBuiltFromTheDockerfile() {
        Map<String, Map<String, Object>> nodes = compose.nodeServices();
        assertEquals(Set.of("node1", "node2", "node3"), nodes.keySet());
        for (var node : nodes.entrySet()) {
            Map<String, Object> build = ComposeFile.map(node.getValue().get("build"), node.getKey() + ".build");
            assertEquals("..", build.get("context"), node.getKey() + ": the build context is the repository root");
            assertEquals("docker/Dockerfile", build.get("dockerfile"), node.getKey());
            assertEquals(Boolean.TRUE, node.getValue().get("read_only"), node.getKey() + " runs with a read-only root");
            assertEquals(List.of("/tmp"), ComposeFile.strings(node.getValue().get("tmpfs"), node.getKey() + ".tmpfs"));
            Map<String, Object> health =
                    ComposeFile.map(node.getValue().get("healthcheck"), node.getKey() + ".healthcheck");
            assertEquals(
                    List.of(
                            "CMD",
                            "bash",
                            dockerfile.healthcheckCommand().get(1),
                            "/-/ready",
                            Integer.toString(HTTP_PORT)),
                    health.get("test"),
                    node.getKey() + ": ready means joined and holding every group");
        }
    }

    @Test
    void everyNodeHasTheSamePeerListNamingAllThreeAndAdvertisesItsOwnName() {
        Set<String> allNodes = new TreeSet<>();
        for (String name : compose.nodeServices().keySet()) {
            allNodes.add(name + ":" + CLUSTER_PORT);
        }
        for (String name : compose.nodeServices().keySet()) {
            List<String> command = compose.command(name);
            assertEquals(allNodes, new TreeSet<>(flagValues(command, "--cluster.peer")), name + " peers");
            assertEquals(List.of(name), flagValues(command, "--cluster.advertise-address"), name);
            assertEquals(List.of("0.0.0.0:" + CLUSTER_PORT), flagValues(command, "--cluster.listen-address"), name);
            assertEquals(List.of(":" + HTTP_PORT), flagValues(command, "--web.listen-address"), name);
        }
    }

    @Test
    void composePublishesPortsOnLoopbackOnly() {
        for (String name : compose.services().keySet()) {
            for (String port : compose.ports(name)) {
                assertTrue(port.startsWith("127.0.0.1:"), name + " publishes " + port + " beyond this machine");
                // The cluster port has no authentication: it stays inside the compose network.
                assertFalse(port.endsWith(":" + CLUSTER_PORT), name + " publishes the cluster port: " + port);
            }
        }
        for (String name : compose.nodeServices().keySet()) {
            assertEquals(1, compose.ports(name).size(), name);
            assertTrue(compose.ports(name).get(0).endsWith(":" + HTTP_PORT), name + " publishes its HTTP port");
        }
    }

    @Test
    void nginxBalancesOverAllThreeNodesAndMovesOnWhenOneFails() {
        NginxConfig nginx = NginxConfig.ofRepository();
        Set<String> servers = nginx.arguments("upstream gateways", "server").stream()
                .map(a -> a.get(0))
                .collect(Collectors.toSet());
        Set<String> expected = compose.nodeServices().keySet().stream()
                .map(n -> n + ":" + HTTP_PORT)
                .collect(Collectors.toSet());
        assertEquals(expected, servers);
        assertEquals(List.of(List.of("http://gateways")), nginx.arguments("location /", "proxy_pass"));
        Set<String> nextUpstream = new HashSet<>(
                nginx.arguments("location /", "proxy_next_upstream").get(0));
        assertTrue(
                nextUpstream.containsAll(Set.of("error", "timeout", "non_idempotent")),
                "a push to a node that is down must move on to the next: " + nextUpstream);

        String listen = nginx.arguments("server", "listen").get(0).get(0);
        assertEquals(List.of("127.0.0.1:" + HTTP_PORT + ":" + listen), compose.ports("nginx"));
        assertEquals(
                List.of("./nginx.conf:/etc/nginx/nginx.conf:ro"),
                ComposeFile.strings(compose.service("nginx").get("volumes"), "nginx.volumes"));
        Map<String, Object> dependsOn = ComposeFile.map(compose.service("nginx").get("depends_on"), "nginx.depends_on");
        assertEquals(compose.nodeServices().keySet(), dependsOn.keySet());
    }

    @Test
    void prometheusScrapesThroughNginxKeepingThePushedLabels() {
        Map<String, Object> config = new Yaml().load(RepositoryFiles.read("docker/prometheus.yml"));
        List<?> jobs = (List<?>) config.get("scrape_configs");
        String nginxTarget = "nginx:"
                + NginxConfig.ofRepository()
                        .arguments("server", "listen")
                        .get(0)
                        .get(0);
        Map<String, Object> throughNginx = jobs.stream()
                .map(j -> ComposeFile.map(j, "scrape_configs[]"))
                .filter(j -> targets(j).contains(nginxTarget))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job targets " + nginxTarget + ": " + jobs));
        assertEquals(List.of(nginxTarget), targets(throughNginx));
        assertEquals(Boolean.TRUE, throughNginx.get("honor_labels"), "pushed job and instance labels must win");

        Map<String, Object> perNode = jobs.stream()
                .map(j -> ComposeFile.map(j, "scrape_configs[]"))
                .filter(j -> "/metrics/node".equals(j.get("metrics_path")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job for the nodes' own metrics: " + jobs));
        Set<String> nodeTargets = compose.nodeServices().keySet().stream()
                .map(n -> n + ":" + HTTP_PORT)
                .collect(Collectors.toSet());
        assertEquals(nodeTargets, Set.copyOf(targets(perNode)));

        assertEquals(
                List.of("./prometheus.yml:/etc/prometheus/prometheus.yml:ro"),
                ComposeFile.strings(compose.service("prometheus").get("volumes"), "prometheus.volumes"));
    }

    /** An image name as written in docker/, e.g. {@code debian:bookworm-slim} for {@code docker.io/library/debian:bookworm-slim}. */
    private static String shortImageName(String image) {
        return image.strip().replaceFirst("^docker\\.io/", "").replaceFirst("^library/", "");
    }

    /** Values of {@code --flag=value} arguments, in order. */
    static List<String> flagValues(List<String> command, String flag) {
        return command.stream()
                .filter(a -> a.startsWith(flag + "="))
                .map(a -> a.substring(flag.length() + 1))
                .toList();
    }

    private static List<String> targets(Map<String, Object> job) {
        return ((List<?>) job.getOrDefault("static_configs", List.of()))
                .stream()
                        .flatMap(c ->
                                ComposeFile.strings(
                                        ComposeFile.map(c, "static_configs[]").get("targets"), "targets")
                                        .stream())
                        .toList();
    }

    private static Set<String> words(String value) {
        return value == null ? Set.of() : Set.of(value.strip().split("\\s+"));
    }
}
