package io.pushgateway.cluster.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A child process listening on a loopback port, with stdout and stderr captured in one log file
 * under {@code target/} so that a failing test can show what the server said.
 */
final class LoggedProcess {

    private static final int START_ATTEMPTS = 3;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private static final HttpClient PROBE_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Every child still running, killed when the test JVM exits however it exits normally. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-leftover-gateways"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final int port;

    private LoggedProcess(String name, Process process, Path logFile, int port) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    /**
     * Starts {@code commandForPort.apply(port)} on a free port and waits until
     * {@code GET http://127.0.0.1:<port><readyPath>} answers 200. A process that exits before it
     * is ready (typically: the port was taken in the meantime) is retried on a new port; a process
     * that is still not ready at the deadline is killed and the test fails with its log.
     */
    static LoggedProcess startListening(
            String name, IntFunction<List<String>> commandForPort, String readyPath, Duration readyTimeout) {
        return startListening(name, commandForPort, "http", PROBE_CLIENT, readyPath, readyTimeout);
    }

    /** As above, probing with this scheme and client (e.g. https with a client that trusts a test CA). */
    static LoggedProcess startListening(
            String name,
            IntFunction<List<String>> commandForPort,
            String scheme,
            HttpClient probeClient,
            String readyPath,
            Duration readyTimeout) {
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = FreePort.pick();
            LoggedProcess started = start(name, commandForPort.apply(port), port);
            try {
                started.awaitOk(scheme, probeClient, readyPath, readyTimeout);
                return started;
            } catch (ExitedEarly e) {
                lastFailure = e;
                started.close();
            } catch (RuntimeException | Error e) {
                started.close();
                throw e;
            }
        }
        throw lastFailure;
    }

    private static LoggedProcess start(String name, List<String> command, int port) {
        Path logFile = workDir().resolve(name + "-" + port + "-" + System.nanoTime() + ".log");
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "$ " + String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            LIVE.add(process);
            return new LoggedProcess(name, process, logFile, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Directory for process logs and other scratch files: {@code it.work.dir} or target/it-work. */
    static Path workDir() {
        return Paths.get(System.getProperty("it.work.dir", "target/it-work")).toAbsolutePath();
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile;
    }

    private void awaitOk(String scheme, HttpClient probeClient, String path, Duration timeout) {
        URI uri = URI.create(scheme + "://127.0.0.1:" + port + path);
        HttpRequest probe =
                HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).GET().build();
        AtomicReference<String> lastAnswer = new AtomicReference<>("no answer yet");
        try {
            await(name + " ready at " + uri)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL_INTERVAL)
                    .pollInSameThread()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new ExitedEarly(name + " exited with code " + process.exitValue() + " before " + uri
                                    + " was ready; log " + logFile + ":\n" + logTail(80));
                        }
                        try {
                            HttpResponse<String> answer = probeClient.send(probe, HttpResponse.BodyHandlers.ofString());
                            lastAnswer.set(answer.statusCode() + " " + answer.body());
                            return answer.statusCode() == 200;
                        } catch (IOException e) {
                            lastAnswer.set(e.toString());
                            return false;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for " + name, e);
                        }
                    });
        } catch (ConditionTimeoutException e) {
            requestThreadDump();
            throw new IllegalStateException(name + " was not ready at " + uri + " within " + timeout + " (last answer: "
                    + lastAnswer.get() + "); log " + logFile + ":\n" + logTail(300));
        }
    }

    /**
     * SIGQUIT makes a JVM print all thread stacks to its stdout (and Go all goroutines, then exit),
     * which lands in the log: the best clue for a process that hangs during start-up.
     */
    private void requestThreadDump() {
        try {
            Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            quit.waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1000);
        } catch (IOException e) {
            // No kill binary: the log without a dump still says where start-up stopped.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code count} lines of the log file. */
    String logTail(int count) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(log " + logFile + " unreadable: " + e + ")";
        }
    }

    /**
     * Asks the process to stop (SIGTERM) and returns at once; a reaper thread kills it
     * (SIGKILL) if it has not exited after a grace period. Not waiting keeps a slow graceful
     * shutdown from adding its duration to every test: the next gateway starts on other ports
     * meanwhile. A JVM shutdown hook kills whatever is still running when the tests end.
     */
    void close() {
        if (!process.isAlive()) {
            LIVE.remove(process);
            return;
        }
        process.destroy();
        Thread reaper = new Thread(
                () -> {
                    try {
                        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                            process.destroyForcibly();
                            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        process.destroyForcibly();
                    } finally {
                        LIVE.remove(process);
                    }
                },
                "reap-" + name + "-" + port);
        reaper.setDaemon(true);
        reaper.start();
    }

    /** The process died before becoming ready; worth another attempt on a new port. */
    private static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }
    }
}
