/**
 * This node's copy of every group: {@link io.pushgateway.cluster.store.replica.LocalReplica} (the
 * groups, their deadlines, and the {@link io.pushgateway.cluster.store.replica.FamilyIndex} of
 * which group holds which family and series), kept current by
 * {@link io.pushgateway.cluster.store.replica.ReplicaFeed} from the cluster map's events.
 *
 * <p>May import {@code model}, {@code format}, {@code store} and Hazelcast's listener API; not
 * {@code store.check} or {@code store.hazelcast}. Changes arrive on Hazelcast's event threads (the
 * feed), on the threads that complete the store's writes (a write applies its own result at
 * once), on the
 * {@code replica-reconciliation} thread (repairs) and on the {@code group-expiry} thread
 * (deadlines); they are applied under the replica's lock, and its listeners run on the applying
 * thread. Reads of groups take no lock and may run on event loops.
 */
package io.pushgateway.cluster.store.replica;
