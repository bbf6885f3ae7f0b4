/**
 * What a push must agree with before it is stored: the consistency check against every group
 * this node holds ({@link io.pushgateway.cluster.store.check.ConsistencyCheck}, as upstream's
 * {@code checkMetricConsistency}), and the cluster-wide type claims that make two pushes of one
 * family name with different types through two nodes refuse the second
 * ({@link io.pushgateway.cluster.store.check.TypeClaim}, claimed by
 * {@link io.pushgateway.cluster.store.check.ClaimProcessor} and
 * {@link io.pushgateway.cluster.store.check.ClaimBatch}, counted by
 * {@link io.pushgateway.cluster.store.check.HolderCountProcessor}, corrected by the
 * {@link io.pushgateway.cluster.store.check.ClaimJanitor} with
 * {@link io.pushgateway.cluster.store.check.HolderRecountProcessor}).
 *
 * <p>May import {@code model}, {@code format}, {@code store}, {@code store.replica} and Hazelcast's
 * map API; not {@code store.hazelcast}, which calls in here. The check runs on the
 * {@code push-sequencer} thread; the claim processors on Hazelcast's
 * partition threads of the claims map; the janitor on the {@code replica-reconciliation} thread.
 */
package io.pushgateway.cluster.store.check;
