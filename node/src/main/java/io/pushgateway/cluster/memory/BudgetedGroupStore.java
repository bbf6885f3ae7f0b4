package io.pushgateway.cluster.memory;

import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.GroupStore;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.Replica;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store that refuses pushes beyond its {@link SeriesBudget} before they reach the cluster: such a
 * push completes exceptionally with a {@link StoreFullException} and changes nothing. Deletes and
 * wipes pass unchanged.
 */
public final class BudgetedGroupStore implements GroupStore {
    private final GroupStore store;
    private final SeriesBudget budget;

    public BudgetedGroupStore(GroupStore store, SeriesBudget budget) {
        this.store = store;
        this.budget = budget;
    }

    @Override
    public CompletionStage<PushOutcome> push(Push push) {
        long reserved;
        try {
            reserved = budget.admit(push);
        } catch (StoreFullException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (reserved == 0) {
            return store.push(push);
        }
        return store.push(push).whenComplete((outcome, error) -> budget.release(reserved));
    }

    @Override
    public CompletionStage<Void> delete(GroupKey key) {
        return store.delete(key);
    }

    @Override
    public CompletionStage<Integer> wipe() {
        return store.wipe();
    }

    @Override
    public Replica replica() {
        return store.replica();
    }

    @Override
    public void close() {
        store.close();
    }
}
