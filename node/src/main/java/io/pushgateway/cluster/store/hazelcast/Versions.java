package io.pushgateway.cluster.store.hazelcast;

import io.pushgateway.cluster.store.Group;

/**
 * Version numbers of groups. They grow with every change and also with time (microseconds of the
 * change), so a group created after its tombstone expired still outranks anything a slow node may
 * remember of the group that was deleted.
 */
final class Versions {
    private Versions() {}

    static long next(Group old, long changeNanos) {
        long counted = old == null ? 1 : old.version() + 1;
        return Math.max(counted, changeNanos / 1000);
    }
}
