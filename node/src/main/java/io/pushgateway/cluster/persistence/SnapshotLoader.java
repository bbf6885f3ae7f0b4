package io.pushgateway.cluster.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a node's snapshot when it starts. No file is an empty start. A file that is not an intact
 * snapshot never stops the node: it is logged, counted, moved aside to {@code <file>.corrupt} for
 * inspection, and the node starts without it.
 */
public final class SnapshotLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);

    private SnapshotLoader() {}

    public static Optional<Snapshot> load(SnapshotFile file, PersistenceStats stats) {
        file.removeLeftovers();
        try {
            Optional<Snapshot> snapshot = file.read();
            if (snapshot.isEmpty()) {
                LOG.info("no snapshot at {}: starting without one", file.path());
            } else {
                LOG.info(
                        "read the snapshot {}: {} groups, taken at {}",
                        file.path(),
                        snapshot.get().groups().size(),
                        Instant.ofEpochSecond(0, snapshot.get().takenAtNanos()));
            }
            return snapshot;
        } catch (CorruptSnapshotException e) {
            stats.corruptSnapshotFound();
            Path aside = file.path().resolveSibling(file.path().getFileName() + ".corrupt");
            LOG.error(
                    "could not load persisted metrics from {}: {}; moved it to {} and starting without it",
                    file.path(),
                    e.getMessage(),
                    aside);
            moveAside(file.path(), aside);
            return Optional.empty();
        } catch (IOException e) {
            stats.corruptSnapshotFound();
            LOG.error("could not load persisted metrics from {}: {}; starting without them", file.path(), e.toString());
            return Optional.empty();
        }
    }

    private static void moveAside(Path file, Path aside) {
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("could not move {} aside: {}", file, e.toString());
        }
    }
}
