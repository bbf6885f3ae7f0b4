package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14: with the smallest heap the README recommends (256 MiB, what every test node runs with)
 * and the body limit derived from it, a push at the limit is answered and stored and the node
 * stays up; several at once to one node are answered too (the in-flight budget turns the excess
 * away with 503 and the clients' retries get through). A node told to take more than its heap
 * holds exits non-zero instead of living on as a zombie.
 */
@Tag("slow")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BodyLimitTest {

    /** About {@code HeapSizing.bodyBytes} of a 256 MiB heap (the JVM may report a little less as its maximum). */
    private static final long LOWEST_DERIVED_BODY_LIMIT = 1900 * 1024;

    private static final long HIGHEST_DERIVED_BODY_LIMIT = 2048 * 1024;
    private static final int CONCURRENT_CLIENTS = 4;

    private final Http http = new Http();

    @AutoClose
    private ClusterProcess cluster;

    @Test
    void aPushAtTheDerivedBodyLimitIsStoredAndTheNodeStaysUp() throws Exception {
        cluster = ClusterProcess.start("body-limit", 3, List.of());
        ClusterNode receiver = cluster.node(0);
        Http.Reply status = http.get(receiver.uri("/api/v1/status"));
        Matcher flag = Pattern.compile("\"push.max-body-bytes\":\"(\\d+)\"").matcher(status.body());
        assertTrue(flag.find(), status.body());
        long limit = Long.parseLong(flag.group(1));
        assertTrue(
                limit >= LOWEST_DERIVED_BODY_LIMIT && limit <= HIGHEST_DERIVED_BODY_LIMIT,
                "derived from the heap: " + limit);

        String body = bodyOfExactly(limit);
        int series = seriesIn(body);
        Http.Reply atLimit = http.send("PUT", receiver.uri("/metrics/job/at-limit"), body, Duration.ofMinutes(2));
        assertEquals(200, atLimit.status(), atLimit.toString());
        Http.Reply over = http.send("PUT", receiver.uri("/metrics/job/over-limit"), body + "\n", Duration.ofMinutes(2));
        assertEquals(413, over.status(), over.toString());
        for (ClusterNode node : cluster.nodes()) {
            await(node + " holds the large group")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> storedSeries(node) == series + 2
                                    ? null
                                    : "pushgateway_store_series " + storedSeries(node),
                            nullValue());
        }
        System.out.printf(
                "[body-limit] a %d-byte push of %d series answered 200 in %.1f s%n",
                body.length(), series, atLimit.nanos() / 1e9);

        // Several at once, all to one node: each answered, the excess with 503 and retried.
        List<Thread> clients = new ArrayList<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
            Thread client = new Thread(() -> {
                for (int attempt = 0; attempt < 60; attempt++) {
                    Http.Reply reply =
                            http.send("PUT", receiver.uri("/metrics/job/at-limit"), body, Duration.ofMinutes(2));
                    if (reply.status() == 200) {
                        stored.incrementAndGet();
                        return;
                    }
                    if (reply.status() != 503 || !reply.body().contains("--push.max-inflight-bytes")) {
                        wrong.add(reply.toString());
                        return;
                    }
                    busy.incrementAndGet();
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                }
                wrong.add("no 200 after 60 attempts");
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join(Duration.ofMinutes(4).toMillis());
        }
        System.out.printf(
                "[body-limit] %d concurrent pushes at the limit: %d stored, %d refused with 503 on the way%n",
                CONCURRENT_CLIENTS, stored.get(), busy.get());
        assertTrue(wrong.isEmpty(), "only 200 and 503 with the flag named: " + wrong);
        assertEquals(CONCURRENT_CLIENTS, stored.get());
        for (ClusterNode node : cluster.nodes()) {
            assertTrue(node.isAlive(), node + " alive");
            assertEquals(200, http.get(node.uri("/-/healthy")).status(), node.toString());
        }
    }

    @Test
    void aNodeThatRunsOutOfHeapExitsNonZero() {
        // Limits raised far beyond what 96 MiB holds: the first large push exhausts the heap.
        cluster = ClusterProcess.start(
                "oom-exit",
                1,
                (name, dir, httpPorts, memberPorts) -> List.of(new ClusterProcess.Launch(
                        httpPorts.get(0),
                        memberPorts.get(0),
                        List.of(
                                "--web.listen-address=127.0.0.1:" + httpPorts.get(0),
                                "--push.max-body-bytes=67108864",
                                "--push.max-inflight-bytes=1073741824",
                                "--push.max-series=10000000"),
                        Map.of("JAVA_TOOL_OPTIONS", "-Xmx96m -XX:+UseSerialGC"))));
        ClusterNode node = cluster.node(0);
        String body = bodyOfExactly(24L * 1024 * 1024);
        Http.Reply reply = http.send("PUT", node.uri("/metrics/job/too-large"), body, Duration.ofMinutes(2));
        System.out.println("[oom-exit] push answered " + reply.status());
        await(node + " exits")
                .atMost(Duration.ofSeconds(60))
                .until(() -> node.isAlive() ? "still running" : null, nullValue());
        assertEquals(3, node.exitCode(), node.logTail(20));
    }

    /** Text of short series (the costliest per byte to parse and store), padded to exactly {@code size} bytes. */
    private static String bodyOfExactly(long size) {
        StringBuilder text = new StringBuilder((int) size);
        text.append("# TYPE limit_metric gauge\n");
        for (int i = 0; ; i++) {
            String line = "limit_metric{w=\"" + i + "\"} " + i + "\n";
            if (text.length() + line.length() > size - 32) {
                break;
            }
            text.append(line);
        }
        text.append("# ");
        while (text.length() < size - 1) {
            text.append('x');
        }
        return text.append('\n').toString();
    }

    private static int seriesIn(String body) {
        Matcher lines = Pattern.compile("(?m)^limit_metric\\{").matcher(body);
        int count = 0;
        while (lines.find()) {
            count++;
        }
        return count;
    }

    private long storedSeries(ClusterNode node) {
        Http.Reply reply = http.get(node.uri("/metrics/node"));
        Matcher value = Pattern.compile("(?m)^pushgateway_store_series (\\S+)").matcher(reply.body());
        return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
    }
}
