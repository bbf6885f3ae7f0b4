package io.pushgateway.cluster.it.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus' promtool (Debian package prometheus), the same PromQL parser and rule evaluator
 * Prometheus runs: checks rule files and runs rule unit tests.
 */
final class Promtool {

    private final PeerProgram binary;

    private Promtool(PeerProgram binary) {
        this.binary = binary;
    }

    static Promtool find() {
        return new Promtool(PeerProgram.find(
                "promtool",
                "apt-get install prometheus (or set -Dit.promtool=...)",
                System.getProperty("it.promtool", "")));
    }

    /** {@code promtool check rules} on a rule file holding {@code groups}. */
    PeerProgram.Result checkRules(List<?> groups) {
        Path dir = tempDir();
        try {
            Path rules = write(dir, "rules.yml", Map.of("groups", groups));
            return binary.run(List.of("check", "rules", rules.toString()));
        } finally {
            delete(dir);
        }
    }

    /**
     * {@code promtool test rules}: {@code groups} as the rule file, {@code tests} the unit tests
     * (input series, alerts expected at given times) that read it.
     */
    PeerProgram.Result testRules(List<?> groups, List<?> tests) {
        Path dir = tempDir();
        try {
            write(dir, "rules.yml", Map.of("groups", groups));
            Path testFile = write(
                    dir,
                    "tests.yml",
                    Map.of("rule_files", List.of("rules.yml"), "evaluation_interval", "1m", "tests", tests));
            return binary.run(List.of("test", "rules", testFile.toString()));
        } finally {
            delete(dir);
        }
    }

    private static Path write(Path dir, String name, Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            return Files.writeString(dir.resolve(name), new Yaml(options).dump(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("promtool");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
