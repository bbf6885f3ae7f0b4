package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import io.pushgateway.cluster.it.cluster.Http;
import io.pushgateway.cluster.it.cluster.Percentiles;
import io.pushgateway.cluster.it.cluster.Scrape;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Scrapes one {@code /metrics} URI at a steady interval in a thread of its own, as Prometheus
 * does while the test breaks things, and keeps every scrape that failed: no 200 in time, a body
 * Prometheus would refuse, or one the test's own check objects to (say, a group missing).
 */
final class ScrapeProbe implements AutoCloseable {

    private static final int KEPT_EXAMPLES = 5;

    private final String name;
    private final URI uri;
    private final Duration interval;
    private final Function<Scrape, String> check;
    private final Http http = new Http();
    private final List<String> failureExamples = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private long scrapes;
    private long failures;
    private Thread thread;
    private volatile boolean running;

    /** @param check returns null if a valid scrape is fine, else what is wrong with it */
    ScrapeProbe(String name, URI uri, Duration interval, Function<Scrape, String> check) {
        this.name = name;
        this.uri = uri;
        this.interval = interval;
        this.check = check;
    }

    ScrapeProbe start() {
        running = true;
        thread = new Thread(this::scrapeUntilStopped, "scrape-probe-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void scrapeUntilStopped() {
        while (running) {
            Http.Reply reply = http.get(uri);
            String failure = reply.status() != 200 ? reply.toString() : problems(reply.body());
            synchronized (this) {
                scrapes++;
                latencies.add(reply.nanos());
                if (failure != null) {
                    failures++;
                    if (failureExamples.size() < KEPT_EXAMPLES) {
                        failureExamples.add(failure);
                    }
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String problems(String body) {
        Scrape scrape = Scrape.parse(body);
        if (!scrape.problems().isEmpty()) {
            return "200 with a body Prometheus refuses: " + scrape.problems();
        }
        String objection = check.apply(scrape);
        return objection == null ? null : "200 but " + objection;
    }

    /** Stops scraping and waits for the scrape in flight. */
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Http.SHORT.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until at least {@code count} more scrapes were made: the probe really covered a period. */
    void awaitMoreScrapes(int count, Duration timeout) {
        long target = scrapes() + count;
        await(count + " more scrapes by " + name)
                .atMost(timeout)
                .until(() -> scrapes() >= target ? null : summary(), nullValue());
    }

    synchronized long scrapes() {
        return scrapes;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized List<String> failureExamples() {
        return List.copyOf(failureExamples);
    }

    synchronized String summary() {
        return String.format(
                "%s: %d scrapes, %d failed, latency %s", name, scrapes, failures, Percentiles.of(latencies));
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
