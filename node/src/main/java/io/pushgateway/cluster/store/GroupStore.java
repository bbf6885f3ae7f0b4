package io.pushgateway.cluster.store;

import io.pushgateway.cluster.model.GroupKey;
import java.util.concurrent.CompletionStage;

/**
 * Where groups live. Every method may be called from any thread and never blocks the caller;
 * results complete on a store thread.
 */
public interface GroupStore {
    /**
     * Checks (unless the store was built without the consistency check) and stores a push. Completes
     * once the push is durable (backed up as configured) and visible in {@link #replica()}; a
     * rejected push completes normally with its reason, after its failure time was recorded.
     * Completes exceptionally if the cluster cannot make the push durable.
     */
    CompletionStage<PushOutcome> push(Push push);

    /** Deletes the group with exactly this key; a no-op for an unknown key. Visible in the replica on completion. */
    CompletionStage<Void> delete(GroupKey key);

    /** Deletes every group present when called; completes with the number deleted. */
    CompletionStage<Integer> wipe();

    /** This node's copy of every group; read-only for callers. */
    Replica replica();

    /** Stops listening and releases the store; the Hazelcast instance is closed by its owner. */
    void close();
}
