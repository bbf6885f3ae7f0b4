/**
 * The store on Hazelcast: the cluster map of groups and the {@link
 * io.pushgateway.cluster.store.hazelcast.HazelcastGroupStore} that writes it with entry processors
 * (push, failure, delete, restore, and their batches), the push sequencer that orders checked
 * pushes with their type claims ({@link io.pushgateway.cluster.store.hazelcast.CheckedPushes}), the
 * retry of writes the cluster left undecided, reconciliation of the replica with the map
 * ({@link io.pushgateway.cluster.store.hazelcast.Reconciler}), serialisation, the member's
 * configuration ({@link io.pushgateway.cluster.store.hazelcast.HazelcastSetup},
 * {@link io.pushgateway.cluster.store.hazelcast.ClusterOptions}), the membership observer and the
 * board where members publish their status.
 *
 * <p>May import every other store package, {@code model}, {@code format} and Hazelcast. Only the
 * wiring in {@code cli} imports this package (checked by {@code PackageDependenciesTest}). Threads:
 * entry processors run on Hazelcast's partition threads, on the owner and again on each backup;
 * writes are submitted from the {@code push-sequencer} thread and the {@code store-writer} pool and
 * complete there; reconciliation and the janitor run on the node's {@code replica-reconciliation}
 * thread; the observer on Hazelcast's event threads; status publishing on {@code member-status}.
 * Nothing here runs on an event loop.
 */
package io.pushgateway.cluster.store.hazelcast;
