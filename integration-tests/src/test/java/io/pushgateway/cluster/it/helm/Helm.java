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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Helm 3 binary, run against the chart in {@code helm/pushgateway-cluster}. Found through the
 * {@code it.helm} system property (where {@code .ci/install-helm} puts it), else on the PATH; tests
 * skip when there is none.
 */
final class Helm {

  private static final long TIMEOUT_SECONDS = 120;

  private final String binary;
  private final Path chart;

  private Helm(String binary, Path chart) {
    this.binary = binary;
    this.chart = chart;
  }

  /** The binary and the chart, or a skipped test saying how to get helm. */
  static Helm find() {
    String binary = located();
    assumeTrue(binary != null, "helm not found (system property it.helm or PATH); run .ci/install-helm");
    Path chart = Paths.get(System.getProperty("it.chart.dir", "../helm/pushgateway-cluster")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      throw new AssertionError("no chart at " + chart);
    }
    return new Helm(binary, chart);
  }

  private static String located() {
    String property = System.getProperty("it.helm", "");
    if (!property.isBlank() && Files.isExecutable(Paths.get(property))) {
      return property;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, "helm");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  /** What one helm command printed, and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** {@code helm lint [--strict] CHART --set ...}. */
  Result lint(boolean strict, Map<String, String> values) {
    List<String> args = new ArrayList<>(List.of("lint"));
    if (strict) {
      args.add("--strict");
    }
    args.add(chart.toString());
    args.addAll(sets(values));
    return run(args);
  }

  /** {@code helm template RELEASE CHART --namespace NAMESPACE --set ...}. */
  Result template(String release, String namespace, Map<String, String> values) {
    List<String> args = new ArrayList<>(List.of("template", release, chart.toString(), "--namespace", namespace));
    args.addAll(sets(values));
    return run(args);
  }

  /** The rendered manifests; fails with helm's message if it refuses the values. */
  RenderedChart render(String release, String namespace, Map<String, String> values) {
    Result result = template(release, namespace, values);
    if (!result.ok()) {
      throw new AssertionError("helm template with " + values + " failed: " + result);
    }
    return RenderedChart.parse(result.stdout());
  }

  private static List<String> sets(Map<String, String> values) {
    List<String> args = new ArrayList<>();
    values.forEach((name, value) -> {
      args.add("--set");
      args.add(name + "=" + value);
    });
    return args;
  }

  private Result run(List<String> args) {
    List<String> command = new ArrayList<>(List.of(binary));
    command.addAll(args);
    try {
      Path out = Files.createTempFile("helm-out", ".txt");
      Path err = Files.createTempFile("helm-err", ".txt");
      try {
        Process process = new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running helm", e);
    }
  }
}
