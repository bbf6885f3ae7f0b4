package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code java -jar pushgateway-cluster.jar import ...} (or of another command line that
 * ends by itself) as a process: exit code, stdout, stderr.
 */
record ImportRun(int exitCode, String stdout, String stderr, long nanos) {

    /** Runs the import with these arguments and waits for it, at most {@code timeoutSeconds}. */
    static ImportRun of(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> importArgs = new ArrayList<>(List.of("import"));
        importArgs.addAll(List.of(args));
        return jar(timeoutSeconds, importArgs);
    }

    /** Runs the jar with these arguments and waits for it, at most {@code timeoutSeconds}. */
    static ImportRun jar(long timeoutSeconds, List<String> args) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(LoggedProcess.workDir());
        Path out = Files.createTempFile(dir, "import-", ".out");
        Path err = Files.createTempFile(dir, "import-", ".err");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                nodeJar()));
        command.addAll(args);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the import did not end within " + timeoutSeconds + " s: " + command + "\nstderr: "
                    + Files.readString(err));
        }
        return new ImportRun(
                process.exitValue(), Files.readString(out), Files.readString(err), System.nanoTime() - started);
    }

    private static String nodeJar() {
        String jar = System.getProperty("node.jar");
        if (jar == null || jar.isBlank()) {
            fail("system property node.jar is not set; run the tests through Maven");
        }
        return jar;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }
}
