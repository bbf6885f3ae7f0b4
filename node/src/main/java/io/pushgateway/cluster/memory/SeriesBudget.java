package io.pushgateway.cluster.memory;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.Replica;
import io.pushgateway.cluster.store.StoredFamily;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many series the store may hold, and whether a push fits. Every node holds every group, so the
 * cluster has the room of its smallest member: unless set by flag, the limit is derived from the
 * smallest maximum heap any member published, and every node refuses the same pushes.
 *
 * <p>Only growth is limited: a push that adds no series (an update of the series a group holds, a
 * smaller group) always passes, and so do deletes, which make room. The limit is checked against
 * this node's replica plus the series of pushes this node admitted and has not finished yet;
 * pushes admitted at the same moment by other nodes can overshoot it by what they add.
 */
public final class SeriesBudget {
    public static final String FLAG = "--store.max-series";
    /** Families the store maintains itself and ignores in a push; they add no series. */
    private static final Set<String> SYNTHETIC = Set.of("push_time_seconds", "push_failure_time_seconds");
    /**
     * Every group also shows those two series, and costs heap of its own: counted, a store of
     * groups of one series each is not allowed three times the groups the estimate is made for.
     */
    static final int SYNTHETIC_SERIES_PER_GROUP = SYNTHETIC.size();

    private final long configuredLimit;
    private final Replica replica;
    private final AtomicLong admitted = new AtomicLong();
    private volatile long smallestMemberHeap;

    /**
     * @param configuredLimit the series limit set by flag, or 0 to derive it from the heap
     * @param ownMaxHeap this member's maximum heap: the smallest known until the others publish theirs
     */
    public SeriesBudget(long configuredLimit, Replica replica, long ownMaxHeap) {
        this.configuredLimit = configuredLimit;
        this.replica = replica;
        this.smallestMemberHeap = ownMaxHeap;
    }

    /** Takes the smallest maximum heap of the members as last published (this one's included). */
    public void smallestMemberHeap(long bytes) {
        if (bytes > 0) {
            smallestMemberHeap = bytes;
        }
    }

    /** The series the store may hold now. */
    public long limit() {
        return configuredLimit > 0 ? configuredLimit : HeapSizing.seriesLimit(smallestMemberHeap);
    }

    /** Whether the limit comes from the flag rather than the heap. */
    public boolean configured() {
        return configuredLimit > 0;
    }

    /** Series stored now, as this node's replica holds them, with the two push-time series of each group. */
    public long stored() {
        return replica.seriesCount() + (long) SYNTHETIC_SERIES_PER_GROUP * replica.size();
    }

    /**
     * Reserves room for a push; returns the series reserved (0 if it adds none), to be given back
     * with {@link #release} once the push is stored or failed.
     *
     * @throws StoreFullException if the push would take the store beyond its limit
     */
    public long admit(Push push) throws StoreFullException {
        long added = addedSeries(push, replica.get(push.key()));
        if (added <= 0) {
            return 0;
        }
        long limit = limit();
        while (true) {
            long pending = admitted.get();
            long stored = stored();
            if (stored + pending + added > limit) {
                throw new StoreFullException(added, stored, limit, configured());
            }
            if (admitted.compareAndSet(pending, pending + added)) {
                return added;
            }
        }
    }

    public void release(long reserved) {
        if (reserved > 0) {
            admitted.addAndGet(-reserved);
        }
    }

    /**
     * The series a push adds to what the group holds: a PUT replaces the whole group, a POST the
     * families it names; a new group also adds its two push-time series. Negative when the group
     * shrinks.
     */
    static long addedSeries(Push push, Group current) {
        boolean held = current != null && !current.isDeleted();
        long added = !held ? SYNTHETIC_SERIES_PER_GROUP : push.replace() ? -current.seriesCount() : 0;
        for (Metrics.MetricFamily family : push.families().values()) {
            if (SYNTHETIC.contains(family.getName())) {
                continue;
            }
            added += family.getMetricCount();
            if (!push.replace() && held) {
                StoredFamily before = current.families().get(family.getName());
                added -= before == null ? 0 : before.seriesCount();
            }
        }
        return added;
    }
}
