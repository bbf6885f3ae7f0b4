package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.pushgateway.cluster.store.ClusterErrors;
import io.pushgateway.cluster.store.WriteUndecidedException;
import io.pushgateway.cluster.store.check.ClaimJanitor;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cluster write again while Hazelcast leaves it undecided: a member died or left while the
 * write was on its way or being backed up ({@link IndeterminateOperationStateException},
 * {@link MemberLeftException}), or the partition's owner changed under it (target not a member,
 * wrong target, migrating: Hazelcast's {@link RetryableException}s, which it retries itself only for
 * a while). Those are the normal course of a member's death; the client must not see them.
 *
 * <p>Running a write again is safe because every entry processor a write sends is idempotent: it
 * is decided by its arguments, which are fixed before the first attempt (the push time, the
 * families encoded once), and by the old value. A {@link PushProcessor} that already ran leaves the
 * same families, times and deadline (only the version grows by one, which every node takes as a
 * newer copy of the same group); a {@link DeleteProcessor} finds its own tombstone and does nothing;
 * a {@link FailureProcessor} sets the same failure time; a {@link RestoreProcessor} finds the group
 * at its version and does nothing. Holder counts of type claims are the exception: a claim run twice
 * counts the group twice, which refuses nothing a client may push and is corrected by the
 * {@link ClaimJanitor}; releases are therefore never run twice (see {@link HazelcastGroupStore}).
 *
 * <p>A write that succeeds while a member leaves is undecided too. Hazelcast counts the backup a
 * departed member owed as done, so such a write may be held by its owner alone: on a member cut off
 * from the others, which sees them leave one by one, it would be acknowledged while its quorum still
 * counted an unreachable member, and then discarded by the split-brain merge. Running it again
 * lands it with the members that remain, or is refused there for want of a quorum.
 *
 * <p>A missing quorum is not undecided: the write was refused before it ran and is not retried.
 */
public final class UndecidedWrites {
    private static final Logger LOG = LoggerFactory.getLogger(UndecidedWrites.class);
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long LONGEST_PAUSE_MILLIS = 500;
    /** One log line per this interval at most: a member's death leaves every write in flight undecided. */
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final Duration window;
    private final Cluster cluster;
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong lastLoggedNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong retriedSinceLogged = new AtomicLong();

    /**
     * @param window how long a write is tried before it is given up on
     * @param cluster whose members a write must not lose while it runs
     */
    UndecidedWrites(Duration window, Cluster cluster) {
        this.window = window;
        this.cluster = cluster;
    }

    /**
     * Runs {@code write} once; a success during which a member left fails with
     * {@link MemberLeftException}, so that the caller's retry runs it again.
     */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> write) {
        Set<Member> before = cluster.getMembers();
        return write.get().thenApply(result -> {
            requireNoMemberLeft(before);
            return result;
        });
    }

    private void requireNoMemberLeft(Set<Member> before) {
        Set<Member> after = cluster.getMembers();
        if (after != before && !after.containsAll(before)) {
            throw new CompletionException(new MemberLeftException(
                    "a member left while the write was backed up; it may be held by fewer members than acknowledged"));
        }
    }

    /** Runs {@code write}, again and again while it ends undecided, until it lands or the window closes. */
    <T> T run(String what, Supplier<T> write) {
        long deadline = System.nanoTime() + window.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                Set<Member> before = cluster.getMembers();
                T result = write.get();
                requireNoMemberLeft(before);
                return result;
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                if (!isUndecided(cause)) {
                    throw e;
                }
                if (System.nanoTime() + pause * 1_000_000 - deadline > 0) {
                    throw new WriteUndecidedException(window, cause);
                }
                noteRetry(what, cause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new WriteUndecidedException(window, cause);
                }
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** As {@link #run}, for a write whose first attempt already failed with {@code first}. */
    <T> T retry(String what, Throwable first, Supplier<T> write) {
        Throwable cause = unwrap(first);
        if (!isUndecided(cause)) {
            throw first instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        noteRetry(what, cause);
        return run(what, write);
    }

    /** Writes run again since start. */
    long retried() {
        return retried.get();
    }

    private void noteRetry(String what, Throwable cause) {
        retried.incrementAndGet();
        long count = retriedSinceLogged.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLoggedNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLoggedNanos.compareAndSet(last, now)) {
            retriedSinceLogged.addAndGet(-count);
            LOG.warn(
                    "cluster write undecided, retrying {} ({} writes retried since the last such line): {}",
                    what,
                    count,
                    ClusterErrors.oneLine(cause));
        }
    }

    /** Whether the write may or may not have run, and running it again may settle it. */
    static boolean isUndecided(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof IndeterminateOperationStateException
                || cause instanceof MemberLeftException
                || cause instanceof OperationTimeoutException
                || cause instanceof RetryableException;
    }

    /**
     * Whether the error is part of the cluster's normal life (a member died, left, or is not yet
     * one; a quorum is missing; this member is shutting down), as opposed to a bug.
     */
    public static boolean isClusterEvent(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isUndecided(cause)
                    || cause instanceof SplitBrainProtectionException
                    || cause instanceof HazelcastInstanceNotActiveException
                    || cause instanceof WriteUndecidedException) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
