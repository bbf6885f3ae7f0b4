package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Clients pushing continuously through a list of nodes, as batch jobs behind a load balancer
 * would: each thread owns a few groups of one job and PUTs increasing values into them, moving to
 * the next node after every push and at once after a refused connection (a load balancer's retry
 * on connection failure). Every answer goes into a {@link PushLedger}.
 */
public final class Pusher implements AutoCloseable {

    public static final String METRIC = "cluster_it_value";

    private final String job;
    private final List<URI> targets;
    private final int threads;
    private final int groupsPerThread;
    private final Duration pause;
    private final PushLedger ledger = new PushLedger();
    private final List<Thread> workers = new ArrayList<>();
    private final Http http = new Http();
    private volatile boolean running;
    /** Targets whose {@code /-/ready} answered 200 last; null when readiness is not followed. */
    private volatile Set<URI> ready;

    /**
     * @param targets base URIs of the nodes to push through
     * @param pause time between two pushes of one thread, to leave the small machine some CPU
     */
    public Pusher(String job, List<URI> targets, int threads, int groupsPerThread, Duration pause) {
        this.job = job;
        this.targets = List.copyOf(targets);
        this.threads = threads;
        this.groupsPerThread = groupsPerThread;
        this.pause = pause;
    }

    /** The load of the cluster failure tests: six threads of twenty groups each, through every node. */
    public static Pusher throughEveryNode(String job, ClusterProcess cluster) {
        return new Pusher(
                job, cluster.nodes().stream().map(ClusterNode::baseUri).toList(), 6, 20, Duration.ofMillis(5));
    }

    /** The same load, sent straight to the given nodes only: no load balancer, no retry through another node. */
    public static Pusher straightTo(String job, List<ClusterNode> nodes) {
        return new Pusher(job, nodes.stream().map(ClusterNode::baseUri).toList(), 6, 20, Duration.ofMillis(5));
    }

    /**
     * The same load, sent straight to the nodes, but only to those whose {@code /-/ready} answers 200,
     * as a Kubernetes Service routes: a node failing its probe is taken out within a moment.
     */
    public static Pusher throughReadyNodes(String job, ClusterProcess cluster) {
        Pusher pusher = throughEveryNode(job, cluster);
        pusher.ready = Set.of();
        return pusher;
    }

    public String job() {
        return job;
    }

    public PushLedger ledger() {
        return ledger;
    }

    /** Waits, with a deadline, until {@code count} more pushes than now have been acknowledged. */
    public void awaitMoreAcks(int count) {
        long target = ledger.acknowledgedCount() + count;
        await(count + " more acknowledged pushes (" + job + ")")
                .atMost(Duration.ofSeconds(60))
                .until(() -> ledger.acknowledgedCount() >= target ? null : ledger.summary(), nullValue());
    }

    public void start() {
        running = true;
        if (ready != null) {
            ready = readyTargets();
            Thread watch = new Thread(this::followReadiness, "readiness-" + job);
            watch.setDaemon(true);
            workers.add(watch);
            watch.start();
        }
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> pushUntilStopped(thread), "pusher-" + job + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void pushUntilStopped(int thread) {
        long[] values = new long[groupsPerThread];
        int cursor = thread;
        int group = 0;
        int refusedInARow = 0;
        while (running) {
            String instance = "t" + thread + "-g" + group;
            long value = ++values[group];
            URI target = targets.get(Math.floorMod(cursor++, targets.size()));
            Set<URI> routed = ready;
            if (routed != null && !routed.contains(target)) {
                if (routed.isEmpty() && !pause(Duration.ofMillis(50))) {
                    return;
                }
                continue;
            }
            ledger.sent(instance, value);
            Http.Reply reply = http.send(
                    "PUT",
                    target.resolve("/metrics/job/" + job + "/instance/" + instance),
                    "# TYPE " + METRIC + " gauge\n" + METRIC + " " + value + "\n",
                    Http.WRITE);
            ledger.answered(instance, value, target.toString(), reply);
            if (reply.status() == Http.REFUSED && ++refusedInARow < targets.size()) {
                continue;
            }
            refusedInARow = 0;
            group = (group + 1) % groupsPerThread;
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Probes every target's readiness ten times a second, as an endpoints controller would. */
    private void followReadiness() {
        while (running) {
            ready = readyTargets();
            if (!pause(Duration.ofMillis(100))) {
                return;
            }
        }
    }

    private Set<URI> readyTargets() {
        Set<URI> found = new HashSet<>();
        for (URI target : targets) {
            if (http.send("GET", target.resolve("/-/ready"), null, Duration.ofSeconds(1))
                            .status()
                    == 200) {
                found.add(target);
            }
        }
        return Set.copyOf(found);
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops the pushers and waits for every push in flight to be answered. */
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + Http.WRITE.plusSeconds(10).toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (worker.isAlive()) {
                throw new AssertionError(worker.getName() + " still has a push in flight after " + Http.WRITE);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
    }
}
