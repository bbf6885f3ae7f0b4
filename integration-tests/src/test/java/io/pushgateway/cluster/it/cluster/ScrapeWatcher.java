package io.pushgateway.cluster.it.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Scrapes nodes continuously (one thread per node) while a test does something else, the way
 * Prometheus keeps scraping during pushes, and records every scrape that failed (no 200, no
 * answer, or a body Prometheus would refuse) and every scrape a test-specific check objects to.
 */
final class ScrapeWatcher implements AutoCloseable {

    private static final int KEPT_EXAMPLES = 5;

    private final List<ClusterNode> nodes;
    private final Function<Scrape, String> check;
    private final Http http = new Http();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong objections = new AtomicLong();
    private final List<String> failureExamples = new ArrayList<>();
    private final List<String> objectionExamples = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private volatile boolean running;

    /** @param check returns null if a (valid) scrape is fine, else what is wrong with it */
    ScrapeWatcher(List<ClusterNode> nodes, Function<Scrape, String> check) {
        this.nodes = List.copyOf(nodes);
        this.check = check;
    }

    void start() {
        running = true;
        for (ClusterNode node : nodes) {
            Thread thread = new Thread(() -> watch(node), "scrape-watcher-" + node.index());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void watch(ClusterNode node) {
        while (running) {
            Http.Reply reply = http.get(node.uri("/metrics"));
            scrapes.incrementAndGet();
            synchronized (this) {
                latencies.add(reply.nanos());
            }
            if (reply.status() != 200) {
                record(failures, failureExamples, node + ": " + reply);
                continue;
            }
            Scrape scrape = Scrape.parse(reply.body());
            if (!scrape.problems().isEmpty()) {
                record(failures, failureExamples, node + ": invalid exposition " + scrape.problems());
                continue;
            }
            String objection = check.apply(scrape);
            if (objection != null) {
                record(objections, objectionExamples, node + ": " + objection);
            }
        }
    }

    private synchronized void record(AtomicLong counter, List<String> examples, String example) {
        counter.incrementAndGet();
        if (examples.size() < KEPT_EXAMPLES) {
            examples.add(example);
        }
    }

    /** Stops watching and waits for scrapes in flight. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(Http.SHORT.plusSeconds(5).toMillis());
        }
    }

    long scrapes() {
        return scrapes.get();
    }

    long failures() {
        return failures.get();
    }

    long objections() {
        return objections.get();
    }

    synchronized List<String> failureExamples() {
        return List.copyOf(failureExamples);
    }

    synchronized List<String> objectionExamples() {
        return List.copyOf(objectionExamples);
    }

    synchronized Percentiles latency() {
        return Percentiles.of(latencies);
    }

    @Override
    public void close() {
        running = false;
    }
}
