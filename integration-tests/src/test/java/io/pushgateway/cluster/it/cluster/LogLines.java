package io.pushgateway.cluster.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** What a node's logfmt log looks like to a line-based log collector. */
final class LogLines {

    private LogLines() {}

    /**
     * The lines of the node's current log that are not a logfmt event of their own (a stack trace's
     * {@code at ...} and {@code Caused by:}, a message's second line); the command line the test
     * wrote first is skipped.
     */
    static List<String> notOneLinePerEvent(ClusterNode node) {
        List<String> strays = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(node.logFile(), StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (!line.startsWith("ts=")) {
                    strays.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return strays;
    }
}
