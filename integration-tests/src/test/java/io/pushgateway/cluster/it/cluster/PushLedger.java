package io.pushgateway.cluster.it.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What continuous pushers sent and what they were told, per group. Each group is pushed by one
 * thread only, with increasing values, so after the pushers stop a node must show, for every group
 * with an acknowledged push, a value between the last acknowledged one and the last one sent (a
 * push answered 503 or not answered at all may or may not have been applied; one acknowledged
 * must have been).
 */
public final class PushLedger {

    private static final int KEPT_EXAMPLES = 10;

    private static final class GroupRecord {
        long lastSent;
        long lastAcked;
    }

    private final Map<String, GroupRecord> groups = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final List<String> unexpectedExamples = new ArrayList<>();
    private final List<String> failureExamples = new ArrayList<>();
    private final List<Long> ackLatencies = new ArrayList<>();
    private final List<Long> ackTimes = new ArrayList<>();

    public synchronized void sent(String group, long value) {
        sent.incrementAndGet();
        groups.computeIfAbsent(group, g -> new GroupRecord()).lastSent = value;
    }

    /** Records the answer to the push of {@code value} to {@code group}. */
    public synchronized void answered(String group, long value, String target, Http.Reply reply) {
        if (reply.ok()) {
            acked.incrementAndGet();
            GroupRecord record = groups.get(group);
            record.lastAcked = Math.max(record.lastAcked, value);
            ackLatencies.add(reply.nanos());
            ackTimes.add(System.nanoTime());
        } else if (reply.status() == 503) {
            unavailable.incrementAndGet();
            keepFailure(target, group, value, reply);
        } else if (reply.status() == Http.REFUSED) {
            refused.incrementAndGet();
        } else if (reply.status() == Http.NO_ANSWER) {
            unanswered.incrementAndGet();
            keepFailure(target, group, value, reply);
        } else {
            keepFailure(target, group, value, reply);
            unexpected.incrementAndGet();
            if (unexpectedExamples.size() < KEPT_EXAMPLES) {
                unexpectedExamples.add(target + " " + group + "=" + value + ": " + reply);
            }
        }
    }

    private void keepFailure(String target, String group, long value, Http.Reply reply) {
        if (failureExamples.size() < KEPT_EXAMPLES) {
            failureExamples.add(target + " " + group + "=" + value + ": " + reply);
        }
    }

    /**
     * Pushes a client saw fail: answered 503 or another error, or not answered at all. A refused
     * connection is not among them: the push never reached a node, and the client (or a load
     * balancer) sends it to the next one.
     */
    public long failedCount() {
        return unavailable.get() + unanswered.get() + unexpected.get();
    }

    public synchronized List<String> failureExamples() {
        return List.copyOf(failureExamples);
    }

    /** The last acknowledged value of every group with one. */
    public synchronized Map<String, Long> acknowledged() {
        Map<String, Long> result = new TreeMap<>();
        groups.forEach((group, record) -> {
            if (record.lastAcked > 0) {
                result.put(group, record.lastAcked);
            }
        });
        return result;
    }

    /**
     * Every way {@code found} (value by group, as a node shows it) contradicts what was acknowledged:
     * a group missing, or holding a value older than its last acknowledged push, or one never sent.
     * Empty if the node kept everything. {@code acknowledged} limits the check (e.g. to what was
     * acknowledged before some moment); null means everything.
     */
    public synchronized List<String> contradictions(Map<String, Double> found, Map<String, Long> acknowledged) {
        Map<String, Long> expected = acknowledged != null ? acknowledged : acknowledged();
        List<String> problems = new ArrayList<>();
        expected.forEach((group, ackedValue) -> {
            Double value = found.get(group);
            long lastSent = groups.get(group).lastSent;
            if (value == null) {
                problems.add(group + " missing (last acknowledged " + ackedValue + ")");
            } else if (value < ackedValue) {
                problems.add(group + " = " + value.longValue() + ", older than the acknowledged " + ackedValue);
            } else if (value > lastSent) {
                problems.add(group + " = " + value.longValue() + ", never sent (last sent " + lastSent + ")");
            }
        });
        return problems;
    }

    /** Pushes acknowledged at or after {@code nanoTime} ({@link System#nanoTime()}). */
    public synchronized long acknowledgedSince(long nanoTime) {
        return ackTimes.stream().filter(t -> t - nanoTime >= 0).count();
    }

    public long acknowledgedCount() {
        return acked.get();
    }

    public long unexpectedCount() {
        return unexpected.get();
    }

    public synchronized List<String> unexpectedExamples() {
        return List.copyOf(unexpectedExamples);
    }

    public synchronized String summary() {
        return String.format(
                "sent %d, acknowledged %d, 503 %d, refused %d, unanswered %d, other %d; groups %d;" + " ack latency %s",
                sent.get(),
                acked.get(),
                unavailable.get(),
                refused.get(),
                unanswered.get(),
                unexpected.get(),
                groups.size(),
                Percentiles.of(ackLatencies));
    }
}
