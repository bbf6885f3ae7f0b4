package io.pushgateway.cluster.it.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Helm 3 binary, run against the chart in {@code helm/pushgateway-cluster}. Found through the
 * {@code it.helm} system property (where {@code .ci/install-helm} puts it), else on the PATH; tests
 * skip when there is none, except in CI.
 */
final class Helm {

    private final PeerProgram binary;
    private final Path chart;

    private Helm(PeerProgram binary, Path chart) {
        this.binary = binary;
        this.chart = chart;
    }

    /** The binary and the chart in {@code it.chart.dir}. */
    static Helm find() {
        return at(Paths.get(System.getProperty("it.chart.dir", "../helm/pushgateway-cluster")));
    }

    /** The binary and a chart in another directory, e.g. a modified copy. */
    static Helm at(Path chartDir) {
        PeerProgram binary = PeerProgram.find(
                "helm", "run .ci/install-helm (or set -Dit.helm=...)", System.getProperty("it.helm", ""));
        Path chart = chartDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new AssertionError("no chart at " + chart);
        }
        return new Helm(binary, chart);
    }

    Path chartDir() {
        return chart;
    }

    /** {@code helm lint [--strict] CHART --set ...}. */
    PeerProgram.Result lint(boolean strict, Map<String, String> values) {
        List<String> args = new ArrayList<>(List.of("lint"));
        if (strict) {
            args.add("--strict");
        }
        args.add(chart.toString());
        args.addAll(sets(values));
        return binary.run(args);
    }

    /** {@code helm template RELEASE CHART --namespace NAMESPACE --set ...}. */
    PeerProgram.Result template(String release, String namespace, Map<String, String> values) {
        List<String> args = new ArrayList<>(List.of("template", release, chart.toString(), "--namespace", namespace));
        args.addAll(sets(values));
        return binary.run(args);
    }

    /** The rendered manifests; fails with helm's message if it refuses the values. */
    RenderedChart render(String release, String namespace, Map<String, String> values) {
        PeerProgram.Result result = template(release, namespace, values);
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
}
