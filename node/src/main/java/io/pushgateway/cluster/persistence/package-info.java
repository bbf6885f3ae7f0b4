/**
 * Saving the groups to a snapshot file and bringing them back after a full restart: the file
 * format ({@link io.pushgateway.cluster.persistence.SnapshotFormat},
 * {@link io.pushgateway.cluster.persistence.SnapshotFile}), the periodic
 * {@link io.pushgateway.cluster.persistence.Snapshotter}, and the
 * {@link io.pushgateway.cluster.persistence.ClusterRestore} by which the members agree that the one
 * with the newest snapshot restores it, once.
 *
 * <p>May import {@code model}, {@code store} (the contract, never its Hazelcast implementation) and
 * Hazelcast's member and map API for the restore's agreement. Snapshots are written on the
 * {@code persistence-snapshots} thread (and a last one by the thread closing the node); the
 * snapshotter hears of changes on whichever thread applies them to the replica; the file is loaded
 * on the {@code node-start} thread and restored on the {@code persistence-restore} thread.
 */
package io.pushgateway.cluster.persistence;
