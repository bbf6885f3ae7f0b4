package io.pushgateway.cluster.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The group store on a Hazelcast map: one entry processor per mutation on the group's partition
 * owner, backed up synchronously; the local replica updated as soon as the map confirms.
 */
public final class HazelcastGroupStore implements GroupStore {
    public static final String MAP_NAME = "groups";

    /** Names the Pushgateway maintains itself in every group; pushed families of these names are ignored. */
    private static final Set<String> SYNTHETIC = Set.of("push_time_seconds", "push_failure_time_seconds");

    private final IMap<String, Group> map;
    private final LocalReplica replica;
    private final ConsistencyCheck check;
    private final boolean checked;
    private final UUID listenerId;
    private final Reconciler reconciler;
    /**
     * Checked pushes run one after another on this thread, from check to replica update, so that no
     * two pushes are checked against a store that lacks the other.
     */
    private final ExecutorService sequencer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "push-sequencer");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /**
     * Joins the map and loads every group into the replica before returning; blocks meanwhile.
     *
     * @param replica an empty replica, with its listeners already added
     */
    public HazelcastGroupStore(HazelcastInstance hazelcast, LocalReplica replica, OwnFamilies own, boolean checked) {
        this.map = hazelcast.getMap(MAP_NAME);
        this.replica = replica;
        this.check = new ConsistencyCheck(own);
        this.checked = checked;
        this.listenerId = map.addEntryListener(new ReplicaFeed(replica), true);
        this.reconciler = new Reconciler(map, replica);
        for (Group group : map.values()) {
            replica.apply(group);
        }
    }

    @Override
    public CompletionStage<PushOutcome> push(Push push) {
        Map<String, Metrics.MetricFamily> families = sanitized(push);
        if (ConsistencyCheck.hasTimestamps(families)) {
            return recordFailure(push).thenApply(g -> PushOutcome.rejected(ConsistencyCheck.TIMESTAMPS));
        }
        if (!checked) {
            return commit(push, families).thenApply(g -> PushOutcome.ACCEPTED);
        }
        return inSequence(() -> {
            List<String> errors = replica.readIndex(index ->
                    check.check(index, families, push.replace(), replica.get(push.key()), push.key()));
            if (!errors.isEmpty()) {
                return recordFailure(push).thenApply(g -> PushOutcome.rejected(ConsistencyCheck.render(errors)));
            }
            return commit(push, families).thenApply(g -> PushOutcome.ACCEPTED);
        });
    }

    @Override
    public CompletionStage<Void> delete(GroupKey key) {
        return map.submitToKey(key.id(), new DeleteProcessor()).thenAccept(this::applyIfPresent);
    }

    @Override
    public CompletionStage<Integer> wipe() {
        Set<String> keys = map.keySet();
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return map.submitToKeys(keys, new DeleteProcessor()).thenApply(results -> {
            int deleted = 0;
            for (Group tombstone : results.values()) {
                if (tombstone != null) {
                    replica.apply(tombstone);
                    deleted++;
                }
            }
            return deleted;
        });
    }

    @Override
    public LocalReplica replica() {
        return replica;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    @Override
    public void close() {
        map.removeEntryListener(listenerId);
        sequencer.shutdown();
    }

    private Map<String, Metrics.MetricFamily> sanitized(Push push) {
        Map<String, Metrics.MetricFamily> result = new LinkedHashMap<>();
        for (Metrics.MetricFamily family : push.families().values()) {
            if (!SYNTHETIC.contains(family.getName())) {
                result.put(family.getName(), SeriesSanitizer.sanitize(family, push.key()));
            }
        }
        return result;
    }

    private CompletionStage<Group> commit(Push push, Map<String, Metrics.MetricFamily> families) {
        PushProcessor processor = new PushProcessor(push.replace(), push.pushNanos(), new ArrayList<>(families.values()));
        return map.submitToKey(push.key().id(), processor).thenApply(this::applyIfPresent);
    }

    private CompletionStage<Group> recordFailure(Push push) {
        return map.submitToKey(push.key().id(), new FailureProcessor(push.pushNanos())).thenApply(this::applyIfPresent);
    }

    private Group applyIfPresent(Group group) {
        if (group != null) {
            replica.apply(group);
        }
        return group;
    }

    /** Runs the task after every earlier sequenced task has completed, whatever their outcome. */
    private synchronized <T> CompletionStage<T> inSequence(Supplier<CompletionStage<T>> task) {
        CompletableFuture<T> result = tail.handle((v, e) -> null)
                .thenComposeAsync(v -> task.get(), sequencer);
        tail = result;
        return result;
    }
}
