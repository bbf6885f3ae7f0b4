package io.pushgateway.cluster.it.realworld;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import io.pushgateway.cluster.it.cluster.PushLedger;
import io.pushgateway.cluster.it.cluster.Pusher;
import java.time.Duration;
import java.util.List;

/**
 * What users of a load-balanced cluster do all day, pointed at nginx only: batch jobs pushing
 * continuously (a {@link Pusher} whose only target is nginx) and Prometheus scraping every 100 ms
 * (a {@link ScrapeProbe}). Once every group has been pushed, a scrape that lacks one counts as
 * failed: through a load balancer, groups must not come and go with the node that answers.
 */
final class TrafficThroughBalancer implements AutoCloseable {

    private static final int THREADS = 6;
    private static final int GROUPS_PER_THREAD = 20;
    static final int GROUPS = THREADS * GROUPS_PER_THREAD;

    private final Pusher pusher;
    private final ScrapeProbe probe;

    TrafficThroughBalancer(String job, NginxLoadBalancer nginx) {
        pusher = new Pusher(job, List.of(nginx.baseUri()), THREADS, GROUPS_PER_THREAD, Duration.ofMillis(5));
        probe = new ScrapeProbe("scrapes through nginx", nginx.uri("/metrics"), Duration.ofMillis(100), scrape -> {
            int shown = scrape.valuesByInstance(Pusher.METRIC, job).size();
            return shown == GROUPS ? null : "it shows " + shown + " of the " + GROUPS + " groups pushed";
        });
    }

    /** Starts pushing; starts scraping once every group has had a push acknowledged. */
    void start() {
        pusher.start();
        await("a push to each of " + GROUPS + " groups acknowledged")
                .atMost(Duration.ofSeconds(60))
                .until(() -> ledger().acknowledged().size() >= GROUPS ? null : ledger().summary(), nullValue());
        probe.start();
    }

    /** Waits until {@code count} more pushes were acknowledged through nginx. */
    void awaitMoreAcks(int count) {
        pusher.awaitMoreAcks(count);
    }

    /** Makes sure the scrapes covered the end too, then stops both and waits for what is in flight. */
    void stop() {
        probe.awaitMoreScrapes(10, Duration.ofSeconds(30));
        pusher.stop();
        probe.stop();
    }

    Pusher pusher() {
        return pusher;
    }

    PushLedger ledger() {
        return pusher.ledger();
    }

    ScrapeProbe probe() {
        return probe;
    }

    @Override
    public void close() {
        pusher.close();
        probe.close();
    }
}
