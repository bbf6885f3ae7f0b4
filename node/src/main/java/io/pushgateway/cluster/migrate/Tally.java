package io.pushgateway.cluster.migrate;

import java.util.Map;
import java.util.TreeMap;

/** What became of the groups of an import so far; safe to update from several threads. */
final class Tally {
    private int written;
    private int skipped;
    private final Map<String, String> failed = new TreeMap<>();
    private int notAttempted;

    synchronized void written() {
        written++;
    }

    synchronized void skipped() {
        skipped++;
    }

    synchronized void failed(String group, String reason) {
        failed.put(group, reason);
    }

    synchronized void notAttempted() {
        notAttempted++;
    }

    synchronized int done() {
        return written + skipped + failed.size() + notAttempted;
    }

    synchronized int writtenCount() {
        return written;
    }

    synchronized int skippedCount() {
        return skipped;
    }

    synchronized Map<String, String> failures() {
        return new TreeMap<>(failed);
    }

    synchronized int notAttemptedCount() {
        return notAttempted;
    }

    synchronized String counts() {
        return "written " + written + ", skipped " + skipped + ", failed " + failed.size();
    }
}
