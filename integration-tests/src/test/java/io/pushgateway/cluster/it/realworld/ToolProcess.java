package io.pushgateway.cluster.it.realworld;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A third-party server (nginx, Prometheus) started by a test in a directory of its own under
 * {@code target/}, with its output in a log file there. Stopping it also stops the processes it
 * started (nginx's workers survive their master's {@code kill -9}), and whatever still runs when
 * the test JVM exits is killed.
 */
final class ToolProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** Every tool still running, killed with its children when the test JVM exits. */
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(ToolProcess::killTree), "kill-leftover-tools"));
    }

    private final String name;
    private final Path dir;
    private final Path log;
    private final Process process;

    private ToolProcess(String name, Path dir, Path log, Process process) {
        this.name = name;
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /** A new, empty directory for one tool of one test: {@code target/it-work/realworld/NAME-RANDOM}. */
    static Path newDirectory(String name) {
        Path dir = Paths.get(System.getProperty("it.work.dir", "target/it-work"))
                .toAbsolutePath()
                .resolve("realworld")
                .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    /** Starts {@code command} in {@code dir}, its stdout and stderr going to {@code dir/NAME.log}. */
    static ToolProcess start(String name, Path dir, List<String> command) {
        Path log = dir.resolve(name + ".log");
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            RUNNING.add(process.toHandle());
            return new ToolProcess(name, dir, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path dir() {
        return dir;
    }

    /** The last {@code lines} lines of the tool's output. */
    String logTail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return file + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    /** SIGTERM to the tool, then {@code kill -9} of it and its children if they linger. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("[" + name + "] did not stop within " + STOP_GRACE + " of SIGTERM; killing it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killTree(process.toHandle());
        children.forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(process.toHandle());
    }

    private static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", dir " + dir + ")";
    }
}
