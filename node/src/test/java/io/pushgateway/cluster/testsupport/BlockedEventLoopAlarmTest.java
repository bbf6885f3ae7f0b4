package io.pushgateway.cluster.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.cli.Main;
import io.pushgateway.cluster.http.EventLoopOptions;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alarm the node's HTTP tests rely on does go off when an event loop is held. */
class BlockedEventLoopAlarmTest {
    @Test
    void anEventLoopHeldLongerThanTheLimitFailsTheCheck() throws Exception {
        BlockedEventLoopAlarm.arm();
        Vertx vertx = Vertx.vertx(EventLoopOptions.of(Main.parseConfig(new String[0])));
        try {
            BlockedEventLoopAlarm.ignoreSoFar();
            vertx.runOnContext(v -> {
                try {
                    Thread.sleep(4 * BlockedEventLoopAlarm.MAX_EXECUTE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            AssertionError raised = null;
            while (raised == null && System.nanoTime() < deadline) {
                try {
                    BlockedEventLoopAlarm.assertNoneSinceLastCheck();
                    Thread.sleep(50);
                } catch (AssertionError e) {
                    raised = e;
                }
            }
            assertTrue(raised != null && raised.getMessage().contains("Thread.sleep"),
                    "the alarm names the blocking call: " + raised);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            BlockedEventLoopAlarm.ignoreSoFar();
        }
    }
}
