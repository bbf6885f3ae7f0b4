package io.pushgateway.cluster.it.realworld;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration templates of the tools the tests start, and writing them filled in. */
final class ToolConfig {
    private ToolConfig() {}

    /** A template from src/test/resources/realworld. */
    static String template(String name) {
        try (InputStream in = ToolConfig.class.getResourceAsStream("/realworld/" + name)) {
            if (in == null) {
                throw new IllegalStateException("src/test/resources/realworld/" + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
