package io.pushgateway.cluster.persistence;

import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.Replica;
import io.pushgateway.cluster.store.ReplicaListener;
import io.pushgateway.cluster.store.UnixTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's replica to its snapshot file: once when started, then every interval if
 * anything changed meanwhile, and a last time when stopped. Pushes go on while it copies: the
 * replica's groups are immutable values, so each is copied whole at one version.
 */
public final class Snapshotter implements ReplicaListener {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final SnapshotFile file;
    private final Replica replica;
    private final Duration interval;
    private final PersistenceStats stats;
    private final AtomicLong changes = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "persistence-snapshots");
        t.setDaemon(true);
        return t;
    });
    private long changesAtLastSnapshot = -1;
    private boolean started;

    public Snapshotter(SnapshotFile file, Replica replica, Duration interval, PersistenceStats stats) {
        this.file = file;
        this.replica = replica;
        this.interval = interval;
        this.stats = stats;
    }

    @Override
    public void changed(Group before, Group after) {
        changes.incrementAndGet();
    }

    /**
     * Starts writing. Call only once the replica holds what the cluster holds (after the restore):
     * before that, a snapshot would replace a good file with an empty one.
     */
    public synchronized void start() {
        started = true;
        scheduler.execute(this::writeIfChanged);
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::writeIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule and writes a last snapshot, if writing had started. */
    public void stop() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (started) {
                writeIfChanged();
            }
        }
    }

    private synchronized void writeIfChanged() {
        long seen = changes.get();
        if (seen == changesAtLastSnapshot) {
            return;
        }
        if (write()) {
            changesAtLastSnapshot = seen;
        }
    }

    /** Takes and writes a snapshot; a failure is logged and counted, and retried at the next turn. */
    private boolean write() {
        long startNanos = System.nanoTime();
        long now = UnixTime.nowNanos();
        List<Group> groups = new ArrayList<>(replica.size());
        for (Group group : replica.groups()) {
            if (!group.isExpiredAt(now)) {
                groups.add(group);
            }
        }
        try {
            long size = file.write(new Snapshot(now, groups));
            long took = System.nanoTime() - startNanos;
            stats.snapshotWritten(now, took, size, groups.size());
            LOG.debug(
                    "snapshot of {} groups written to {} ({} bytes, {} ms)",
                    groups.size(),
                    file.path(),
                    size,
                    took / 1_000_000);
            return true;
        } catch (IOException | RuntimeException e) {
            stats.snapshotFailed();
            LOG.error("could not write the snapshot {}: {}", file.path(), e.toString());
            return false;
        }
    }
}
