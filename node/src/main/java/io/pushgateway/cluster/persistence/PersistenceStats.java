package io.pushgateway.cluster.persistence;

import java.util.concurrent.atomic.AtomicLong;

/** What the node's metrics tell about its snapshots; written by the snapshot parts, read when scraped. */
public final class PersistenceStats {
    private volatile double lastSnapshotSeconds;
    private volatile double lastDurationSeconds;
    private volatile long lastSizeBytes;
    private volatile long lastGroups;
    private volatile long restoredGroups;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    void snapshotWritten(long takenAtNanos, long durationNanos, long sizeBytes, int groups) {
        lastSnapshotSeconds = takenAtNanos / 1e9;
        lastDurationSeconds = durationNanos / 1e9;
        lastSizeBytes = sizeBytes;
        lastGroups = groups;
    }

    void snapshotFailed() {
        failures.incrementAndGet();
    }

    void corruptSnapshotFound() {
        corrupt.incrementAndGet();
    }

    void restored(int groups) {
        restoredGroups = groups;
    }

    /** Unix seconds when the last successful snapshot was taken; 0 before the first. */
    public double lastSnapshotSeconds() {
        return lastSnapshotSeconds;
    }

    public double lastDurationSeconds() {
        return lastDurationSeconds;
    }

    public long lastSizeBytes() {
        return lastSizeBytes;
    }

    public long lastGroups() {
        return lastGroups;
    }

    /** Groups this node put back into the cluster from its snapshot at start. */
    public long restoredGroups() {
        return restoredGroups;
    }

    public long failures() {
        return failures.get();
    }

    /** Snapshot files found at start that were damaged, truncated or of an unknown format. */
    public long corruptSnapshots() {
        return corrupt.get();
    }
}
