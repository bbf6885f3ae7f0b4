package io.pushgateway.cluster.it.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Files of the repository the tests run in: docker/, the root's .dockerignore, the poms. */
public final class RepositoryFiles {

    private RepositoryFiles() {}

    /** The repository root: the nearest directory at or above the working directory with docker/Dockerfile. */
    public static Path root() {
        Path start = Paths.get("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/Dockerfile"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker/Dockerfile at or above " + start);
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
