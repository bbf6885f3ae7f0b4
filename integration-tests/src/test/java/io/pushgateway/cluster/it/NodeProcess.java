package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One Pushgateway Cluster node started from the fat jar ({@code node.jar} system property) with
 * the JVM running these tests, listening on a free port of 127.0.0.1.
 */
public final class NodeProcess implements Gateway {

    /** Embedded Hazelcast makes start-up slow, and the machine is small and shared. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final LoggedProcess process;
    private final URI baseUri;

    private NodeProcess(LoggedProcess process, String scheme) {
        this.process = process;
        this.baseUri = URI.create(scheme + "://127.0.0.1:" + process.port());
    }

    /**
     * Starts a node with the given extra flags (Go Pushgateway spelling, e.g.
     * {@code --push.disable-consistency-check}) and waits for {@code /-/ready}. {@code readyPrefix}
     * is the route prefix the flags set ("" for none).
     */
    public static NodeProcess start(String readyPrefix, List<String> flags) {
        return new NodeProcess(
                LoggedProcess.startListening("node", command(flags), readyPrefix + "/-/ready", READY_TIMEOUT), "http");
    }

    /** Starts a node serving HTTPS (its flags name a web config file with TLS), probed with this client. */
    static NodeProcess startTls(List<String> flags, java.net.http.HttpClient probeClient) {
        return new NodeProcess(
                LoggedProcess.startListening("node", command(flags), "https", probeClient, "/-/ready", READY_TIMEOUT),
                "https");
    }

    private static java.util.function.IntFunction<List<String>> command(List<String> flags) {
        Path jar = jar();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return port -> {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.add("-Xmx512m");
            // Start-up speed matters more than peak throughput for short black-box tests.
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            // Never let an embedded Hazelcast call home from a test run.
            command.add("-Dhazelcast.phone.home.enabled=false");
            command.addAll(splitProperty("it.node.jvm.args"));
            command.add("-jar");
            command.add(jar.toString());
            command.add("--web.listen-address=127.0.0.1:" + port);
            command.addAll(splitProperty("it.node.args"));
            command.addAll(flags);
            return command;
        };
    }

    private static Path jar() {
        String property = System.getProperty("node.jar");
        if (property == null || property.isBlank()) {
            fail("system property node.jar is not set; run the tests through Maven"
                    + " (integration-tests/pom.xml sets it) or pass -Dnode.jar=<path>");
        }
        Path jar = Paths.get(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("node jar " + jar + " does not exist; build it first with"
                    + " `mvn -B -pl node -am package -DskipTests` (or run the whole reactor: `mvn -B verify`)");
        }
        return jar;
    }

    private static List<String> splitProperty(String name) {
        String value = System.getProperty(name, "").trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public String name() {
        return "node";
    }

    @Override
    public String logTail() {
        return process.logFile() + ":\n" + process.logTail(40);
    }

    @Override
    public void close() {
        process.close();
    }
}
