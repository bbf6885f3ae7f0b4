package io.pushgateway.cluster.it.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One node JVM of a test cluster. Its ports and command line are fixed when it is created, so a
 * restart is the same member coming back; every start writes a log file of its own.
 */
public final class ClusterNode {

    /** Every node process still running, killed when the test JVM exits however it exits. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "kill-cluster-nodes"));
    }

    private final int index;
    private final String httpHost;
    private final int httpPort;
    private final int memberPort;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logDir;
    private int starts;
    private Process process;
    private Path logFile;

    public ClusterNode(int index, int httpPort, int memberPort, List<String> command, Path logDir) {
        this(index, "127.0.0.1", httpPort, memberPort, command, logDir);
    }

    /**
     * A node whose HTTP server the test reaches at {@code httpHost}: 127.0.0.1, or an address the
     * test assigned inside a network namespace of its own (see {@link Http#allowNamespaceHost}).
     */
    public ClusterNode(int index, String httpHost, int httpPort, int memberPort, List<String> command, Path logDir) {
        this(index, httpHost, httpPort, memberPort, command, Map.of(), logDir);
    }

    /** A node whose process gets {@code environment} on top of the test JVM's own environment. */
    public ClusterNode(
            int index,
            String httpHost,
            int httpPort,
            int memberPort,
            List<String> command,
            Map<String, String> environment,
            Path logDir) {
        this.index = index;
        this.httpHost = httpHost;
        this.httpPort = httpPort;
        this.memberPort = memberPort;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logDir = logDir;
    }

    /** Starts the JVM without waiting for anything. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        starts++;
        logFile = logDir.resolve("node-" + index + "-start-" + starts + ".log");
        try {
            Files.createDirectories(logDir);
            StringBuilder header = new StringBuilder();
            environment.forEach((name, value) ->
                    header.append(name).append('=').append(value).append('\n'));
            Files.writeString(logFile, header + "$ " + String.join(" ", command) + "\n");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + this, e);
        }
    }

    /** {@code kill -9}: no shutdown hook runs, the member vanishes without leaving the cluster. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20));
    }

    /**
     * SIGTERM, then waits for the node to leave the cluster and exit; kills it if it has not exited
     * within the grace period. Returns whether it exited by itself.
     */
    public synchronized boolean stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(grace)) {
            return true;
        }
        kill();
        return false;
    }

    /** SIGTERM, without waiting for the node to exit. */
    public synchronized void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                RUNNING.remove(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Exit code of the last run, or null while running or never started. */
    public synchronized Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    public int index() {
        return index;
    }

    public int memberPort() {
        return memberPort;
    }

    public URI baseUri() {
        return URI.create("http://" + httpHost + ":" + httpPort);
    }

    public URI uri(String path) {
        return URI.create("http://" + httpHost + ":" + httpPort + path);
    }

    public synchronized Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the current log file. */
    public String logTail(int lines) {
        Path file = logFile();
        if (file == null) {
            return "(never started)";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return file + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + file + " unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "node " + index + " (http " + httpPort + ", member " + memberPort + ")";
    }
}
