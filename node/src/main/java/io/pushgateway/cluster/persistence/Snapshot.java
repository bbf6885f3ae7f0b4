package io.pushgateway.cluster.persistence;

import io.pushgateway.cluster.store.Group;
import java.util.List;

/**
 * The groups of one node's replica at one moment, as a snapshot file holds them.
 *
 * @param takenAtNanos Unix nanoseconds when the snapshot was taken
 * @param groups every live group, each as it was when copied
 */
public record Snapshot(long takenAtNanos, List<Group> groups) {
    public Snapshot {
        groups = List.copyOf(groups);
    }
}
