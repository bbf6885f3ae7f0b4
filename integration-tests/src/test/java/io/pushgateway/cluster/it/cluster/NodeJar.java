package io.pushgateway.cluster.it.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the node's fat jar is: the {@code node.jar} system property, else the reactor's build output. */
public final class NodeJar {

    private static final String FALLBACK = "../node/target/pushgateway-cluster.jar";

    private NodeJar() {}

    public static Path path() {
        String property = System.getProperty("node.jar", "");
        Path jar = Paths.get(property.isBlank() ? FALLBACK : property)
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            fail("node jar " + jar + " does not exist; build it with"
                    + " `mvn -B -pl node package -DskipTests` or pass -Dnode.jar=<path>");
        }
        return jar;
    }
}
