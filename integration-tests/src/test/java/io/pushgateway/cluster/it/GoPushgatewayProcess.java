package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Go Pushgateway (Debian's {@code prometheus-pushgateway} 1.5.1), the reference the
 * differential tests compare against. Always memory-only: Debian's default persistence file
 * would write to /var/lib.
 */
final class GoPushgatewayProcess implements Gateway {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final LoggedProcess process;
    private final URI baseUri;
    private final String name;

    private GoPushgatewayProcess(LoggedProcess process, String name) {
        this.process = process;
        this.name = name;
        this.baseUri = URI.create("http://127.0.0.1:" + process.port());
    }

    /**
     * Starts the Go Pushgateway with the given extra flags and waits for {@code /-/ready}; skips the
     * calling test (JUnit assumption) when the binary is not installed.
     */
    static GoPushgatewayProcess start(String name, String readyPrefix, List<String> flags) {
        Path binary = binary();
        assumeTrue(
                Files.isExecutable(binary),
                "Go Pushgateway not installed at " + binary
                        + " (apt-get install prometheus-pushgateway, or set -Dit.go.binary=...); skipping");
        return new GoPushgatewayProcess(
                LoggedProcess.startListening(
                        name,
                        port -> {
                            List<String> command = new ArrayList<>();
                            command.add(binary.toString());
                            command.add("--web.listen-address=127.0.0.1:" + port);
                            command.add("--persistence.file=");
                            command.addAll(flags);
                            return command;
                        },
                        readyPrefix + "/-/ready",
                        READY_TIMEOUT),
                name);
    }

    static boolean installed() {
        return Files.isExecutable(binary());
    }

    private static Path binary() {
        return Paths.get(System.getProperty("it.go.binary", "/usr/bin/prometheus-pushgateway"));
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public String name() {
        return name;
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
