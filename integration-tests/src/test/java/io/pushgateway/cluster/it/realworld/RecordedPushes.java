package io.pushgateway.cluster.it.realworld;

import io.pushgateway.cluster.it.cluster.ClusterNode;
import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.Pusher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pushes through one node, continuously, each one remembered: which value went to which group,
 * when, and what the node answered. Where {@link io.pushgateway.cluster.it.cluster.PushLedger}
 * keeps only the last acknowledged value of a group, this says of any value found later whether
 * the push that sent it was acknowledged or refused. Values of a group increase from 1, so a
 * group pushed as 0 beforehand shows 0 until one of these pushes takes effect.
 */
final class RecordedPushes implements AutoCloseable {

    /** One push and its answer; times are {@link System#nanoTime()}. */
    record Push(String instance, long value, long sentAt, long answeredAt, Http.Reply reply) {

        double seconds() {
            return (answeredAt - sentAt) / 1e9;
        }
    }

    private final ClusterNode node;
    private final String job;
    private final List<String> instances;
    private final int threads;
    private final Http http = new Http();
    private final List<Push> pushes = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    /** Thread {@code t} of {@code threads} pushes the instances at positions t, t + threads, ... in turn. */
    RecordedPushes(ClusterNode node, String job, List<String> instances, int threads) {
        this.node = node;
        this.job = job;
        this.instances = List.copyOf(instances);
        this.threads = threads;
    }

    RecordedPushes start() {
        running = true;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> pushUntilStopped(thread), "recorded-pushes-" + job + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        return this;
    }

    private void pushUntilStopped(int thread) {
        List<String> mine = new ArrayList<>();
        for (int i = thread; i < instances.size(); i += threads) {
            mine.add(instances.get(i));
        }
        long[] values = new long[mine.size()];
        for (int round = 0; running; round++) {
            int slot = round % mine.size();
            push(mine.get(slot), ++values[slot]);
        }
    }

    /** One push of {@code value} to {@code instance}, recorded like the continuous ones. */
    Push push(String instance, long value) {
        long sentAt = System.nanoTime();
        Http.Reply reply = http.send(
                "PUT",
                node.uri("/metrics/job/" + job + "/instance/" + instance),
                "# TYPE " + Pusher.METRIC + " gauge\n" + Pusher.METRIC + " " + value + "\n",
                Http.WRITE);
        Push push = new Push(instance, value, sentAt, System.nanoTime(), reply);
        synchronized (this) {
            pushes.add(push);
        }
        return push;
    }

    /** Stops pushing and waits until every push in flight was answered (or timed out). */
    void stop() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(Http.WRITE.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (worker.isAlive()) {
                throw new AssertionError(worker.getName() + " still has a push in flight after " + Http.WRITE);
            }
        }
    }

    synchronized List<Push> pushes() {
        return List.copyOf(pushes);
    }

    synchronized List<Push> pushes(Predicate<Push> which) {
        return pushes.stream().filter(which).toList();
    }

    /** The push that sent {@code value} to {@code instance}, or null if none did. */
    synchronized Push find(String instance, long value) {
        return pushes.stream()
                .filter(p -> p.instance().equals(instance) && p.value() == value)
                .findFirst()
                .orElse(null);
    }

    String job() {
        return job;
    }

    List<String> instances() {
        return instances;
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
    }
}
