package io.pushgateway.cluster.it.realworld;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a program a test runs (nginx, Prometheus, ip), and skips the test with a message saying
 * what to install where it is missing: these tests prove the cluster with real components, and a
 * machine without them cannot run them, which is not a failure of the gateway.
 */
final class InstalledTool {

    private InstalledTool() {}

    /**
     * The executable: the system property {@code property} if set, else the first of
     * {@code candidates} that exists, else {@code name} on the PATH; skips the test if none does.
     */
    static Path require(String name, String property, String debianPackage, String... candidates) {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty(property, "");
        if (!configured.isBlank()) {
            tried.add(Paths.get(configured));
        } else {
            for (String candidate : candidates) {
                tried.add(Paths.get(candidate));
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    tried.add(Paths.get(dir, name));
                }
            }
        }
        Path found = tried.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(
                found != null,
                () -> name + " is not installed (looked at "
                        + tried.stream().distinct().toList() + "); install it with `apt-get install " + debianPackage
                        + "` or pass -D" + property + "=<path>");
        return found;
    }
}
