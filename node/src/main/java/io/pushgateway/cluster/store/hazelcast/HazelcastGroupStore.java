package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.ClusterErrors;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.GroupStore;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.StoredFamily;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.check.ClaimBatch;
import io.pushgateway.cluster.store.check.ClaimJanitor;
import io.pushgateway.cluster.store.check.ClaimProcessor;
import io.pushgateway.cluster.store.check.ConsistencyCheck;
import io.pushgateway.cluster.store.check.HolderCountProcessor;
import io.pushgateway.cluster.store.check.TypeClaim;
import io.pushgateway.cluster.store.replica.LocalReplica;
import io.pushgateway.cluster.store.replica.ReplicaFeed;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group store on a Hazelcast map: one entry processor per mutation on the group's partition
 * owner, backed up synchronously; the local replica updated as soon as the map confirms.
 */
public final class HazelcastGroupStore implements GroupStore {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastGroupStore.class);
    public static final String MAP_NAME = "groups";
    public static final String CLAIMS_MAP_NAME = "family-types";

    /** Names the Pushgateway maintains itself in every group; pushed families of these names are ignored. */
    private static final int WRITER_THREADS = 16;

    /** Restore writes in flight at once: enough to hide round trips, few enough to spare the members. */
    private static final int RESTORE_WINDOW = 256;

    /** Long enough for a dead member to be declared dead (10 s by default) and its partitions taken over. */
    static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(20);

    private static final Set<String> SYNTHETIC = Set.of("push_time_seconds", "push_failure_time_seconds");

    private final IMap<String, Group> map;
    private final IMap<String, TypeClaim> claims;
    private final LocalReplica replica;
    private final ConsistencyCheck check;
    private final boolean checked;
    private final UUID listenerId;
    private final Reconciler reconciler;
    private final ClaimJanitor janitor;
    private final UndecidedWrites undecided;
    /** Checked pushes, checked one after another in arrival order. */
    private final CheckedPushes checkedPushes;
    /** Unchecked pushes, deletes and wipes: no ordering between groups is needed, only per group. */
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITER_THREADS, daemon("store-writer"));

    /**
     * Joins the map and loads every group into the replica before returning; blocks meanwhile.
     *
     * @param replica an empty replica, with its listeners already added
     */
    public HazelcastGroupStore(
            HazelcastInstance hazelcast, LocalReplica replica, OwnFamilies own, boolean checked, NameValidation names) {
        this(hazelcast, replica, own, checked, names, DEFAULT_RETRY_WINDOW);
    }

    /**
     * @param retryWindow how long a write Hazelcast leaves undecided (a member died under it) is
     *     tried again before it is answered 503
     */
    public HazelcastGroupStore(
            HazelcastInstance hazelcast,
            LocalReplica replica,
            OwnFamilies own,
            boolean checked,
            NameValidation names,
            Duration retryWindow) {
        this.undecided = new UndecidedWrites(retryWindow, hazelcast.getCluster());
        this.map = hazelcast.getMap(MAP_NAME);
        this.claims = hazelcast.getMap(CLAIMS_MAP_NAME);
        this.replica = replica;
        this.check = new ConsistencyCheck(own, names);
        this.checked = checked;
        this.listenerId = map.addEntryListener(new ReplicaFeed(replica), true);
        this.reconciler = new Reconciler(map, replica, hazelcast.getPartitionService(), this::writeBack);
        map.addPartitionLostListener(event -> reconciler.partitionLost(event.getPartitionId()));
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGING
                    || event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                reconciler.merged();
            }
        });
        this.janitor = new ClaimJanitor(claims, hazelcast.getPartitionService(), replica);
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
        Push push = new Push(
                parsed.key(), parsed.replace(), families, parsed.pushNanos(), parsed.ttlMillis(), parsed.imported());
        if (push.imported() != null) {
            PushOutcome settled =
                    push.imported().settledEarly(replica.get(push.key()), push.pushNanos(), push.ttlMillis());
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
        return replica.readIndex(
                index -> check.check(index, families, push.replace(), replica.get(push.key()), push.key()));
    }

    PushOutcome reject(Push push, List<String> errors) {
        if (push.imported() == null) {
            FailureProcessor failure = new FailureProcessor(push.pushNanos(), push.ttlMillis());
            applyIfPresent(undecided.run(
                    "a failed push's time", () -> map.executeOnKey(push.key().id(), failure)));
        }
        return ConsistencyCheck.refused(ConsistencyCheck.render(errors));
    }

    private GroupChange commit(Push push, Map<String, Metrics.MetricFamily> families) {
        PushProcessor processor = pushProcessor(push, families);
        GroupChange change =
                undecided.run("a push", () -> map.executeOnKey(push.key().id(), processor));
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
            return undecided.submit(() -> map.submitToKey(push.getKey(), push.getValue())
                    .toCompletableFuture()
                    .thenApply(change -> Map.of(push.getKey(), change)));
        }
        return undecided.submit(
                () -> map.submitToKeys(pushes.keySet(), new PushBatch(pushes)).toCompletableFuture());
    }

    /**
     * Sends the pushes again after their first call ended with {@code first}, until they land; throws
     * if {@code first} was not undecided or the retry window closes. Blocks.
     */
    Map<String, GroupChange> recommit(Map<String, PushProcessor> pushes, Throwable first) {
        return undecided.retry(
                "a batch of " + pushes.size() + " pushes",
                first,
                () -> submitCommits(pushes).join());
    }

    /**
     * Applies a checked push's commit to the replica and settles the claims it made.
     *
     * @param retried whether the commit was sent more than once: its change may then not show the
     *     names the first, undecided, attempt gave the group
     */
    void applyCommitted(
            GroupChange change, Set<String> counted, Map<String, Metrics.MetricFamily> families, boolean retried) {
        applyIfPresent(change.group());
        settleClaims(change, retried ? heldBy(change.group(), counted) : counted, families);
    }

    /**
     * The counted names the group does not hold: after a retried commit, a name it holds may have
     * been gained by the first attempt, and releasing its count could let another group take the
     * name with another type. Kept, the count is at worst one too high until the janitor's sweep.
     */
    private static Set<String> heldBy(Group group, Set<String> counted) {
        Set<String> notHeld = new HashSet<>();
        for (String name : counted) {
            if (group == null || group.isDeleted() || !group.families().containsKey(name)) {
                notHeld.add(name);
            }
        }
        return notHeld;
    }

    static PushProcessor pushProcessor(Push push, Map<String, Metrics.MetricFamily> families) {
        return new PushProcessor(
                push.replace(),
                push.pushNanos(),
                push.ttlMillis(),
                new ArrayList<>(families.values()),
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
            StoredFamily held = current == null || current.isDeleted()
                    ? null
                    : current.families().get(family.getName());
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
        return wanted.heldBefore().isEmpty()
                && replica.readIndex(index -> {
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
        ClaimProcessor claim = new ClaimProcessor(wanted.types(), wanted.heldBefore());
        Map<String, Integer> results = undecided.run(
                "a type claim", () -> claims.executeOnKeys(wanted.types().keySet(), claim));
        return claimResult(results, families);
    }

    /** The claims of several pushes in one call: for each name, the outcomes in the order given. */
    Map<String, int[]> claimTogether(Map<String, List<ClaimBatch.Claimant>> claimants) {
        ClaimBatch batch = new ClaimBatch(claimants);
        return undecided.run("a batch of type claims", () -> claims.executeOnKeys(claimants.keySet(), batch));
    }

    /** A push's conflicts and counted names from the claim outcomes of its names; gives back counts if refused. */
    ClaimResult claimResult(Map<String, Integer> outcomes, Map<String, Metrics.MetricFamily> families) {
        List<String> conflicts = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        for (Map.Entry<String, Integer> result : outcomes.entrySet()) {
            if (result.getValue() == ClaimProcessor.CLAIMED) {
                counted.add(result.getKey());
            } else if (result.getValue() >= 0) {
                conflicts.add(ConsistencyCheck.typeConflict(
                        families.get(result.getKey()), Metrics.MetricType.forNumber(result.getValue())));
            }
        }
        if (!conflicts.isEmpty() && !counted.isEmpty()) {
            claims.submitToKeys(counted, HolderCountProcessor.release());
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
                HolderCountProcessor add =
                        HolderCountProcessor.add(pushed.get(name).getType().getNumber());
                undecided.run("a holder count", () -> claims.executeOnKey(name, add));
            }
        }
        if (!releases.isEmpty()) {
            try {
                claims.executeOnKeys(releases, HolderCountProcessor.release());
            } catch (RuntimeException e) {
                // Run twice, a release would count one holder too few. The change itself has landed;
                // a count left too high is corrected by the janitor's next sweeps.
                if (!UndecidedWrites.isUndecided(e)) {
                    throw e;
                }
                LOG.info(
                        "holder counts of {} names left for the janitor: {}",
                        releases.size(),
                        ClusterErrors.oneLine(UndecidedWrites.unwrap(e)));
            }
        }
    }

    @Override
    public CompletionStage<Void> delete(GroupKey key) {
        return CompletableFuture.runAsync(
                () -> {
                    GroupChange change =
                            undecided.run("a delete", () -> map.executeOnKey(key.id(), new DeleteProcessor()));
                    if (change == null) {
                        // Nothing to delete, or an undecided first attempt did it: show what the map holds.
                        applyIfPresent(map.get(key.id()));
                    } else {
                        applyIfPresent(change.group());
                        settleClaims(change, Set.of(), Map.of());
                    }
                },
                writers);
    }

    @Override
    public CompletionStage<Integer> wipe() {
        return CompletableFuture.supplyAsync(
                () -> {
                    Set<String> keys = map.keySet();
                    if (keys.isEmpty()) {
                        return 0;
                    }
                    int deleted = 0;
                    Map<String, GroupChange> changes =
                            undecided.run("a wipe", () -> map.executeOnKeys(keys, new DeleteProcessor()));
                    for (GroupChange change : changes.values()) {
                        if (change != null) {
                            replica.apply(change.group());
                            settleClaims(change, Set.of(), Map.of());
                            deleted++;
                        }
                    }
                    return deleted;
                },
                writers);
    }

    /**
     * Puts groups from a snapshot into the map, each only where the map holds nothing as new of it
     * (see {@link RestoreProcessor}); groups whose deadline has passed are left out, the others keep
     * what remains of their time to live. Blocks; returns how many groups were put. Throws if the
     * cluster refuses writes (no quorum); running it again is safe.
     */
    public int restore(Collection<Group> groups) {
        return put(groups, false);
    }

    /**
     * Puts groups this node's replica holds and the map lost (or holds older) back into the map, as
     * {@link #restore} does, but never over a deletion. Blocks; throws without quorum.
     */
    int writeBack(Collection<Group> groups) {
        return put(groups, true);
    }

    private int put(Collection<Group> groups, boolean keepDeletions) {
        long now = UnixTime.nowNanos();
        List<CompletableFuture<Group>> pending = new ArrayList<>();
        int restored = 0;
        for (Group group : groups) {
            if (group.isDeleted() || group.isExpiredAt(now)) {
                continue;
            }
            long remainingTtlMillis =
                    group.expiresAtNanos() == 0 ? 0 : Math.max(1, (group.expiresAtNanos() - now) / 1_000_000);
            pending.add(
                    map.submitToKey(group.key().id(), new RestoreProcessor(group, remainingTtlMillis, keepDeletions))
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
