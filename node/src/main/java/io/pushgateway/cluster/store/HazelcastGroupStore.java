package io.pushgateway.cluster.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The group store on a Hazelcast map: one entry processor per mutation on the group's partition
 * owner, backed up synchronously; the local replica updated as soon as the map confirms.
 */
public final class HazelcastGroupStore implements GroupStore {
    public static final String MAP_NAME = "groups";
    public static final String CLAIMS_MAP_NAME = "family-types";

    /** Names the Pushgateway maintains itself in every group; pushed families of these names are ignored. */
    private static final int WRITER_THREADS = 16;

    /** Restore writes in flight at once: enough to hide round trips, few enough to spare the members. */
    private static final int RESTORE_WINDOW = 256;

    private static final Set<String> SYNTHETIC = Set.of("push_time_seconds", "push_failure_time_seconds");

    private final IMap<String, Group> map;
    private final IMap<String, TypeClaim> claims;
    private final LocalReplica replica;
    private final ConsistencyCheck check;
    private final boolean checked;
    private final UUID listenerId;
    private final Reconciler reconciler;
    private final ClaimJanitor janitor;
    /** Checked pushes, checked one after another in arrival order. */
    private final CheckedPushes checkedPushes;
    /** Unchecked pushes, deletes and wipes: no ordering between groups is needed, only per group. */
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITER_THREADS, daemon("store-writer"));

    /**
     * Joins the map and loads every group into the replica before returning; blocks meanwhile.
     *
     * @param replica an empty replica, with its listeners already added
     */
    public HazelcastGroupStore(HazelcastInstance hazelcast, LocalReplica replica, OwnFamilies own, boolean checked,
            NameValidation names) {
        this.map = hazelcast.getMap(MAP_NAME);
        this.claims = hazelcast.getMap(CLAIMS_MAP_NAME);
        this.replica = replica;
        this.check = new ConsistencyCheck(own, names);
        this.checked = checked;
        this.listenerId = map.addEntryListener(new ReplicaFeed(replica), true);
        this.reconciler = new Reconciler(map, replica);
        this.janitor = new ClaimJanitor(hazelcast, replica);
        this.checkedPushes = new CheckedPushes(this);
        for (Group group : map.values()) {
            replica.apply(group);
        }
    }

    @Override
    public CompletionStage<PushOutcome> push(Push parsed) {
        Map<String, Metrics.MetricFamily> families = sanitized(parsed);
        // Only the sanitised families are kept while the push waits and travels: the parsed ones,
        // as large again, become garbage here instead of living until the push is answered.
        Push push = new Push(parsed.key(), parsed.replace(), families, parsed.pushNanos(), parsed.ttlMillis(),
                parsed.imported());
        if (push.imported() != null) {
            PushOutcome settled = push.imported().settledEarly(replica.get(push.key()), push.pushNanos(), push.ttlMillis());
            if (settled != null) {
                return CompletableFuture.completedFuture(settled);
            }
        }
        if (ConsistencyCheck.hasTimestamps(families)) {
            return CompletableFuture.supplyAsync(() -> reject(push, List.of(ConsistencyCheck.TIMESTAMPS)), writers);
        }
        if (!checked) {
            return CompletableFuture.supplyAsync(() -> outcomeOf(commit(push, families)), writers);
        }
        return checkedPushes.submit(push, families);
    }

    /**
     * The consistency check's errors for a push to a group as the replica holds it now. The group is
     * read under the index's lock: read before, an event applied in between would leave the index
     * counting a group the check was told is absent.
     */
    List<String> check(Push push, Map<String, Metrics.MetricFamily> families) {
        return replica.readIndex(index ->
                check.check(index, families, push.replace(), replica.get(push.key()), push.key()));
    }

    PushOutcome reject(Push push, List<String> errors) {
        if (push.imported() == null) {
            applyIfPresent(map.executeOnKey(push.key().id(), new FailureProcessor(push.pushNanos(), push.ttlMillis())));
        }
        return PushOutcome.rejected(ConsistencyCheck.render(errors));
    }

    private GroupChange commit(Push push, Map<String, Metrics.MetricFamily> families) {
        GroupChange change = map.executeOnKey(push.key().id(), pushProcessor(push, families));
        applyIfPresent(change.group());
        return change;
    }

    /**
     * Sends pushes to distinct groups as one call for all of them, without waiting; completes with
     * each group's change by key id. Nothing is applied to the replica; see {@link #applyCommitted}.
     */
    CompletableFuture<Map<String, GroupChange>> submitCommits(Map<String, PushProcessor> pushes) {
        if (pushes.size() == 1) {
            Map.Entry<String, PushProcessor> push = pushes.entrySet().iterator().next();
            return map.submitToKey(push.getKey(), push.getValue()).toCompletableFuture()
                    .thenApply(change -> Map.of(push.getKey(), change));
        }
        return map.submitToKeys(pushes.keySet(), new PushBatch(pushes)).toCompletableFuture();
    }

    /** Applies a checked push's commit to the replica and settles the claims it made. */
    void applyCommitted(GroupChange change, Set<String> counted, Map<String, Metrics.MetricFamily> families) {
        applyIfPresent(change.group());
        settleClaims(change, counted, families);
    }

    static PushProcessor pushProcessor(Push push, Map<String, Metrics.MetricFamily> families) {
        return new PushProcessor(push.replace(), push.pushNanos(), push.ttlMillis(), new ArrayList<>(families.values()),
                push.imported());
    }

    /** Accepted; or, for an import whose policy kept the group held, kept. */
    static PushOutcome outcomeOf(GroupChange change) {
        return change.group() == null ? PushOutcome.KEPT : PushOutcome.ACCEPTED;
    }

    /** The conflicts a claim found, and the names it counted the group as a new holder of. */
    record ClaimResult(List<String> conflicts, Set<String> counted) {
        static final ClaimResult NONE = new ClaimResult(List.of(), Set.of());
    }

    /**
     * The names a push must claim: every pushed family the group does not hold already with the
     * same type, with the type wanted; and which of them the group holds with another type.
     */
    record WantedClaims(Map<String, Integer> types, Set<String> heldBefore) {
        static final WantedClaims NONE = new WantedClaims(Map.of(), Set.of());

        boolean isEmpty() {
            return types.isEmpty();
        }
    }

    WantedClaims wantedClaims(Map<String, Metrics.MetricFamily> families, Group current) {
        Map<String, Integer> wanted = new HashMap<>();
        Set<String> heldBefore = new HashSet<>();
        for (Metrics.MetricFamily family : families.values()) {
            StoredFamily held = current == null || current.isDeleted() ? null : current.families().get(family.getName());
            if (held == null || held.type() != family.getType()) {
                wanted.put(family.getName(), family.getType().getNumber());
                if (held != null) {
                    heldBefore.add(family.getName());
                }
            }
        }
        return new WantedClaims(wanted, heldBefore);
    }

    /**
     * Whether a claim only adds the group to names other groups hold already, all with the type
     * wanted: such claims change no name's type, so they can wait to be made with others.
     */
    boolean claimsOnlyKnownNames(WantedClaims wanted) {
        return wanted.heldBefore().isEmpty() && replica.readIndex(index -> {
            for (Map.Entry<String, Integer> name : wanted.types().entrySet()) {
                if (!index.holdsOnlyType(name.getKey(), Metrics.MetricType.forNumber(name.getValue()))) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Claims, cluster-wide, the wanted types. Returns the conflicts found; claims made for a
     * refused push are given back.
     */
    ClaimResult claimTypes(WantedClaims wanted, Map<String, Metrics.MetricFamily> families) {
        if (wanted.isEmpty()) {
            return ClaimResult.NONE;
        }
        Map<String, Integer> results = claims.executeOnKeys(wanted.types().keySet(),
                new ClaimProcessor(wanted.types(), wanted.heldBefore()));
        return claimResult(results, families);
    }

    /** The claims of several pushes in one call: for each name, the outcomes in the order given. */
    Map<String, int[]> claimTogether(Map<String, List<ClaimBatch.Claimant>> claimants) {
        return claims.executeOnKeys(claimants.keySet(), new ClaimBatch(claimants));
    }

    /** A push's conflicts and counted names from the claim outcomes of its names; gives back counts if refused. */
    ClaimResult claimResult(Map<String, Integer> outcomes, Map<String, Metrics.MetricFamily> families) {
        List<String> conflicts = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        for (Map.Entry<String, Integer> result : outcomes.entrySet()) {
            if (result.getValue() == ClaimProcessor.CLAIMED) {
                counted.add(result.getKey());
            } else if (result.getValue() >= 0) {
                conflicts.add(ConsistencyCheck.typeConflict(families.get(result.getKey()),
                        Metrics.MetricType.forNumber(result.getValue())));
            }
        }
        if (!conflicts.isEmpty() && !counted.isEmpty()) {
            claims.submitToKeys(counted, HoldersDelta.release());
        }
        return new ClaimResult(conflicts, counted);
    }

    /**
     * Brings the holder counts in line with what the change really did to the group, before the
     * change is answered: a client that deletes a group and then pushes its families with other
     * types elsewhere must succeed. The claim counted the group as a new holder by this node's
     * replica, which may lag behind a change made through another node; the change itself says
     * exactly which names the group gained and lost. A count lost with a dying node is repaired by
     * the {@link ClaimJanitor}.
     */
    private void settleClaims(GroupChange change, Set<String> counted, Map<String, Metrics.MetricFamily> pushed) {
        if (!checked) {
            return;
        }
        Set<String> releases = new HashSet<>(change.lost());
        for (String name : counted) {
            if (!change.gained().contains(name)) {
                releases.add(name);
            }
        }
        for (String name : change.gained()) {
            if (!counted.contains(name)) {
                claims.executeOnKey(name, HoldersDelta.add(pushed.get(name).getType().getNumber()));
            }
        }
        if (!releases.isEmpty()) {
            claims.executeOnKeys(releases, HoldersDelta.release());
        }
    }

    @Override
    public CompletionStage<Void> delete(GroupKey key) {
        return CompletableFuture.runAsync(() -> {
            GroupChange change = map.executeOnKey(key.id(), new DeleteProcessor());
            if (change != null) {
                applyIfPresent(change.group());
                settleClaims(change, Set.of(), Map.of());
            }
        }, writers);
    }

    @Override
    public CompletionStage<Integer> wipe() {
        return CompletableFuture.supplyAsync(() -> {
            Set<String> keys = map.keySet();
            if (keys.isEmpty()) {
                return 0;
            }
            int deleted = 0;
            for (GroupChange change : map.<GroupChange>executeOnKeys(keys, new DeleteProcessor()).values()) {
                if (change != null) {
                    replica.apply(change.group());
                    settleClaims(change, Set.of(), Map.of());
                    deleted++;
                }
            }
            return deleted;
        }, writers);
    }

    /**
     * Puts groups from a snapshot into the map, each only where the map holds nothing as new of it
     * (see {@link RestoreProcessor}); groups whose deadline has passed are left out, the others keep
     * what remains of their time to live. Blocks; returns how many groups were put. Throws if the
     * cluster refuses writes (no quorum); running it again is safe.
     */
    public int restore(Collection<Group> groups) {
        long now = UnixTime.nowNanos();
        List<CompletableFuture<Group>> pending = new ArrayList<>();
        int restored = 0;
        for (Group group : groups) {
            if (group.isDeleted() || group.isExpiredAt(now)) {
                continue;
            }
            long remainingTtlMillis = group.expiresAtNanos() == 0 ? 0
                    : Math.max(1, (group.expiresAtNanos() - now) / 1_000_000);
            pending.add(map.submitToKey(group.key().id(), new RestoreProcessor(group, remainingTtlMillis))
                    .toCompletableFuture());
            if (pending.size() >= RESTORE_WINDOW) {
                restored += awaitRestored(pending);
            }
        }
        return restored + awaitRestored(pending);
    }

    private int awaitRestored(List<CompletableFuture<Group>> pending) {
        int put = 0;
        for (CompletableFuture<Group> write : pending) {
            if (applyIfPresent(write.join()) != null) {
                put++;
            }
        }
        pending.clear();
        return put;
    }

    @Override
    public LocalReplica replica() {
        return replica;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** Repairs the replica, then the type claims that rest on it. Blocks while it reads the maps. */
    public void reconcile() {
        reconciler.reconcile();
        if (checked) {
            janitor.sweep();
        }
    }

    @Override
    public void close() {
        map.removeEntryListener(listenerId);
        checkedPushes.close();
        writers.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
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

    private Group applyIfPresent(Group group) {
        if (group != null) {
            replica.apply(group);
        }
        return group;
    }
}
