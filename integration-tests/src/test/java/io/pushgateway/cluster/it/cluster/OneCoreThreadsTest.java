package io.pushgateway.cluster.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node given one core (a container with a CPU limit of one) keeps its asynchronous work on
 * pooled threads. Below two cores the JDK's common pool is not used, and Hazelcast's completions
 * then start a thread each: one for every batch of pushes the store writes. See the README,
 * "How a node uses its cores".
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OneCoreThreadsTest {
    private static final int PUSHES = 300;
    /** Threads a node may start while answering the pushes: pools growing, not one per push. */
    private static final int THREADS_ALLOWED = 50;

    private final Http http = new Http();

    @AutoClose
    private ClusterProcess cluster;

    @Test
    void pushesOnOneCoreDoNotStartAThreadEach() {
        cluster = ClusterProcess.start(
                "one-core",
                1,
                (name, dir, httpPorts, memberPorts) -> List.of(new ClusterProcess.Launch(
                        httpPorts.get(0),
                        memberPorts.get(0),
                        List.of(
                                "--web.listen-address=127.0.0.1:" + httpPorts.get(0),
                                "--cluster.listen-address=127.0.0.1:" + memberPorts.get(0),
                                "--cluster.name=" + name),
                        Map.of("JAVA_TOOL_OPTIONS", "-XX:ActiveProcessorCount=1 -Xmx256m -XX:+UseSerialGC"))));
        ClusterNode node = cluster.node(0);
        // One push first, so that the pools a first push starts are in the baseline.
        assertEquals(200, push(node, 0));
        long before = threadsStarted(node);
        for (int i = 1; i <= PUSHES; i++) {
            assertEquals(200, push(node, i));
        }
        long started = threadsStarted(node) - before;
        System.out.printf("[one-core] %d pushes one after another started %d threads%n", PUSHES, started);
        assertTrue(
                started < THREADS_ALLOWED,
                PUSHES + " pushes started " + started + " threads: a thread per push, the common pool unused");
    }

    private int push(ClusterNode node, int i) {
        return http.send(
                        "PUT",
                        node.uri("/metrics/job/one-core/instance/i" + i),
                        "one_core_metric " + i + "\n",
                        Http.WRITE)
                .status();
    }

    private long threadsStarted(ClusterNode node) {
        String body = http.get(node.uri("/metrics/node")).body();
        Matcher value = Pattern.compile("(?m)^jvm_threads_started_total (\\S+)").matcher(body);
        assertTrue(value.find(), "jvm_threads_started_total on /metrics/node");
        return (long) Double.parseDouble(value.group(1));
    }
}
