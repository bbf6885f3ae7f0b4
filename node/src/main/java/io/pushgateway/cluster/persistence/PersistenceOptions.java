package io.pushgateway.cluster.persistence;

import java.time.Duration;

/**
 * Where and how often a node saves its groups.
 *
 * @param file the snapshot file; empty for no persistence (as upstream)
 * @param interval the least time between two snapshots
 */
public record PersistenceOptions(String file, Duration interval) {
    public boolean enabled() {
        return !file.isEmpty();
    }
}
