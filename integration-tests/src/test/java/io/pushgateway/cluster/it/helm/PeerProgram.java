package io.pushgateway.cluster.it.helm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the chart tests run (helm, promtool, python3): found, or the test is skipped on a
 * machine without it; {@link io.pushgateway.cluster.it.PeersRequired} turns that skip into a failure in CI.
 */
final class PeerProgram {

    private static final long TIMEOUT_SECONDS = 120;

    private final String binary;

    private PeerProgram(String binary) {
        this.binary = binary;
    }

    /** The first executable among {@code candidates}, then {@code name} on the PATH. */
    static PeerProgram find(String name, String howToInstall, String... candidates) {
        String found = locate(name, candidates);
        if (found == null) {
            assumeTrue(false, name + " not found; " + howToInstall);
        }
        return new PeerProgram(found);
    }

    private static String locate(String name, String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank() && Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** What one run printed, and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    Result run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(args);
        try {
            Path out = Files.createTempFile("peer-out", ".txt");
            Path err = Files.createTempFile("peer-err", ".txt");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(
                            String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
