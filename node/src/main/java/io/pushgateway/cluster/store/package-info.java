/**
 * The store's contract: what the rest of a node may rely on about where groups live.
 * {@link io.pushgateway.cluster.store.GroupStore} (push, delete, wipe, and the replica a node
 * reads), the values it deals in ({@link io.pushgateway.cluster.store.Group},
 * {@link io.pushgateway.cluster.store.StoredFamily}, {@link io.pushgateway.cluster.store.Push},
 * {@link io.pushgateway.cluster.store.PushOutcome}), the read-only
 * {@link io.pushgateway.cluster.store.Replica} with its
 * {@link io.pushgateway.cluster.store.ReplicaListener}, the cluster's members as the status API shows
 * them ({@link io.pushgateway.cluster.store.ClusterMembers}), what a failed write means to a client
 * ({@link io.pushgateway.cluster.store.ClusterErrors}), and the serialisation ids the store packages
 * share.
 *
 * <p>May import {@code model} and {@code format}; of Hazelcast only the exception types a refused
 * write fails with. The implementation lives in the sub-packages: {@code store.replica} (this
 * node's copy), {@code store.check} (consistency check and type claims) and {@code store.hazelcast}
 * (the cluster map), in that order of dependency. Values are immutable and thread-safe; the
 * store's methods may be called from any thread, event loops included, and never block.
 */
package io.pushgateway.cluster.store;
