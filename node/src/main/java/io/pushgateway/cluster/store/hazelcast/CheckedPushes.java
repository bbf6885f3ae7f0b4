package io.pushgateway.cluster.store.hazelcast;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.check.ClaimBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and commits checked pushes one after another, in the order they arrived, on one thread,
 * so that no push is checked against a store that lacks an earlier one. Commits are gathered in
 * batches and each batch is sent as one call for all its groups ({@link PushBatch}): a call per
 * push costs a round of thread handoffs each, which on a small machine is most of a push's cost.
 * While one batch is being written, the next is checked.
 *
 * <p>Pushes of a batch not yet applied are not in the replica, so:
 * <ul>
 *   <li>a push to a group with a pending commit waits for it (one change of a group at a time);
 *   <li>a push bringing a series a pending commit brings to another group likewise, and is then
 *       checked against a replica that shows it (a duplicate is refused as before);
 *   <li>a push that the check refuses, or that claims a type for a name no group holds yet (or
 *       holds with another type), waits for every pending commit and is checked again: such claims
 *       and refusals are decided on a current replica.
 * </ul>
 * A push whose claims only add its group to names other groups hold with the same type (a new
 * group like its siblings) is staged with its claims; the batch's claims are made in one call before
 * its commits, and a push whose claim is refused after all (a change through another node) is
 * refused then.
 * A push is answered once its commit is applied to the replica (read-your-writes) and its claims
 * are settled.
 */
final class CheckedPushes {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedPushes.class);
    /** Pushes taken from the queue at once; bounds how long the first of them waits for the last. */
    private static final int MAX_BATCH = 64;

    /**
     * A push waiting for the sequencer, with what does not depend on the store made beforehand, on
     * the thread that hands it over: its commit (families encoded) and the keys of its series.
     */
    private record Pending(
            Push push,
            Map<String, Metrics.MetricFamily> families,
            PushProcessor processor,
            Map<String, SeriesKey[]> seriesKeys,
            CompletableFuture<PushOutcome> result) {
        static Pending of(Push push, Map<String, Metrics.MetricFamily> families) {
            Map<String, SeriesKey[]> keys = new HashMap<>(families.size() * 2);
            for (Metrics.MetricFamily family : families.values()) {
                SeriesKey[] series = new SeriesKey[family.getMetricCount()];
                for (int i = 0; i < series.length; i++) {
                    series[i] = SeriesKey.of(family.getMetric(i));
                }
                keys.put(family.getName(), series);
            }
            return new Pending(
                    push, families, HazelcastGroupStore.pushProcessor(push, families), keys, new CompletableFuture<>());
        }
    }

    /**
     * @param deferred claims to make when the batch is sent (empty if none or already made)
     * @param counted names the claims counted the group as a new holder of
     */
    private record Commit(Pending pending, HazelcastGroupStore.WantedClaims deferred, Set<String> counted) {
        Commit withCounted(Set<String> names) {
            return new Commit(pending, deferred, names);
        }
    }

    /** Commits sent together: the groups they change and the series they bring. */
    private static final class Batch {
        final List<Commit> commits = new ArrayList<>();
        final Set<GroupKey> groups = new HashSet<>();
        final Map<String, Map<SeriesKey, GroupKey>> series = new HashMap<>();
        CompletableFuture<Map<String, GroupChange>> written;

        void add(Commit commit) {
            commits.add(commit);
            GroupKey key = commit.pending().push().key();
            groups.add(key);
            commit.pending().seriesKeys().forEach((name, keys) -> {
                Map<SeriesKey, GroupKey> owners = series.computeIfAbsent(name, n -> new HashMap<>());
                for (SeriesKey seriesKey : keys) {
                    owners.put(seriesKey, key);
                }
            });
        }

        /** Whether a push must wait for this batch: it changes the same group or brings one of its series. */
        boolean holdsUp(Pending pending) {
            GroupKey key = pending.push().key();
            if (groups.contains(key)) {
                return true;
            }
            for (Map.Entry<String, SeriesKey[]> family : pending.seriesKeys().entrySet()) {
                Map<SeriesKey, GroupKey> owners = series.get(family.getKey());
                if (owners == null) {
                    continue;
                }
                for (SeriesKey seriesKey : family.getValue()) {
                    GroupKey owner = owners.get(seriesKey);
                    if (owner != null && !owner.equals(key)) {
                        return true;
                    }
                }
            }
            return false;
        }

        Map<String, PushProcessor> processors() {
            Map<String, PushProcessor> pushes = new HashMap<>(commits.size() * 2);
            for (Commit commit : commits) {
                pushes.put(commit.pending().push().key().id(), commit.pending().processor());
            }
            return pushes;
        }
    }

    private final HazelcastGroupStore store;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** The batch being gathered, and the one sent before it (null once applied). */
    private Batch staged = new Batch();

    private Batch sent;

    CheckedPushes(HazelcastGroupStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "push-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<PushOutcome> submit(Push push, Map<String, Metrics.MetricFamily> families) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
        }
        Pending pending = Pending.of(push, families);
        queue.add(pending);
        return pending.result();
    }

    void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            Pending first;
            try {
                first = sent == null ? queue.take() : queue.poll();
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                applySent();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            for (Pending pending : batch) {
                handle(pending);
            }
            applySent();
            send();
            batch.clear();
        }
        for (Pending pending : queue) {
            pending.result().completeExceptionally(new IllegalStateException("the store is closed"));
        }
    }

    private void handle(Pending pending) {
        try {
            Push push = pending.push();
            if (sent != null && sent.holdsUp(pending)) {
                applySent();
            }
            if (staged.holdsUp(pending)) {
                commitAll();
            }
            Group current = store.replica().get(push.key());
            List<String> errors = store.check(push, pending.families());
            HazelcastGroupStore.WantedClaims wanted = store.wantedClaims(pending.families(), current);
            boolean deferrable = wanted.isEmpty() || store.claimsOnlyKnownNames(wanted);
            if ((!deferrable || !errors.isEmpty()) && (sent != null || !staged.commits.isEmpty())) {
                commitAll();
                current = store.replica().get(push.key());
                errors = store.check(push, pending.families());
                wanted = store.wantedClaims(pending.families(), current);
                deferrable = wanted.isEmpty() || store.claimsOnlyKnownNames(wanted);
            }
            if (!errors.isEmpty()) {
                pending.result().complete(store.reject(push, errors));
                return;
            }
            if (deferrable) {
                staged.add(new Commit(pending, wanted, Set.of()));
                return;
            }
            HazelcastGroupStore.ClaimResult claimed = store.claimTypes(wanted, pending.families());
            if (!claimed.conflicts().isEmpty()) {
                pending.result().complete(store.reject(push, claimed.conflicts()));
                return;
            }
            staged.add(new Commit(pending, HazelcastGroupStore.WantedClaims.NONE, claimed.counted()));
        } catch (RuntimeException e) {
            pending.result().completeExceptionally(e);
        }
    }

    /** Applies the batch sent before and commits the staged one, waiting for both. */
    private void commitAll() {
        applySent();
        send();
        applySent();
    }

    /** Makes the staged batch's deferred claims, then sends its commits without waiting for them. */
    private void send() {
        claimDeferred();
        if (staged.commits.isEmpty()) {
            return;
        }
        staged.written = store.submitCommits(staged.processors());
        sent = staged;
        staged = new Batch();
    }

    /**
     * Makes the deferred claims of the staged pushes in one call; a push refused by its claims is
     * answered and taken out of the batch.
     */
    private void claimDeferred() {
        Map<String, List<ClaimBatch.Claimant>> claimants = new HashMap<>();
        for (Commit commit : staged.commits) {
            commit.deferred()
                    .types()
                    .forEach((name, type) -> claimants
                            .computeIfAbsent(name, n -> new ArrayList<>())
                            .add(new ClaimBatch.Claimant(type, false)));
        }
        if (claimants.isEmpty()) {
            return;
        }
        Map<String, int[]> outcomes;
        try {
            outcomes = store.claimTogether(claimants);
        } catch (RuntimeException e) {
            failDeferred(e);
            return;
        }
        Map<String, Integer> nextOutcome = new HashMap<>();
        List<Commit> kept = new ArrayList<>(staged.commits.size());
        for (Commit commit : staged.commits) {
            if (commit.deferred().isEmpty()) {
                kept.add(commit);
                continue;
            }
            Map<String, Integer> own = new HashMap<>();
            for (String name : commit.deferred().types().keySet()) {
                own.put(name, outcomes.get(name)[nextOutcome.merge(name, 1, Integer::sum) - 1]);
            }
            Pending pending = commit.pending();
            try {
                HazelcastGroupStore.ClaimResult claimed = store.claimResult(own, pending.families());
                if (claimed.conflicts().isEmpty()) {
                    kept.add(commit.withCounted(claimed.counted()));
                } else {
                    pending.result().complete(store.reject(pending.push(), claimed.conflicts()));
                }
            } catch (RuntimeException e) {
                pending.result().completeExceptionally(e);
            }
        }
        staged.commits.clear();
        staged.commits.addAll(kept);
    }

    /** The claim call failed (no quorum, say): every push waiting for it fails with it. */
    private void failDeferred(RuntimeException e) {
        List<Commit> kept = new ArrayList<>(staged.commits.size());
        for (Commit commit : staged.commits) {
            if (commit.deferred().isEmpty()) {
                kept.add(commit);
            } else {
                commit.pending().result().completeExceptionally(e);
            }
        }
        staged.commits.clear();
        staged.commits.addAll(kept);
    }

    /** Waits for the batch sent, applies each commit to the replica, settles its claims, answers it. */
    private void applySent() {
        if (sent == null) {
            return;
        }
        Batch batch = sent;
        sent = null;
        Map<String, GroupChange> changes;
        boolean retried = false;
        try {
            changes = batch.written.join();
        } catch (CompletionException e) {
            // A member died under the batch: sent again on this thread, so that no later push to
            // these groups overtakes it.
            try {
                changes = store.recommit(batch.processors(), e);
                retried = true;
            } catch (RuntimeException failed) {
                Throwable cause =
                        failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
                for (Commit commit : batch.commits) {
                    commit.pending().result().completeExceptionally(cause);
                }
                return;
            }
        }
        for (Commit commit : batch.commits) {
            CompletableFuture<PushOutcome> result = commit.pending().result();
            try {
                GroupChange change = changes.get(commit.pending().push().key().id());
                store.applyCommitted(change, commit.counted(), commit.pending().families(), retried);
                result.complete(HazelcastGroupStore.outcomeOf(change));
            } catch (RuntimeException e) {
                LOG.debug("a committed push could not be applied: {}", e.toString());
                result.completeExceptionally(e);
            }
        }
    }
}
