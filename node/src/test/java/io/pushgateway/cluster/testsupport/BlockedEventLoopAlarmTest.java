package io.pushgateway.cluster.testsupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.cli.Main;
import io.pushgateway.cluster.http.EventLoopOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
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
            AssertionError raised = await("the alarm for the blocked event loop")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(BlockedEventLoopAlarmTest::alarmRaised, Objects::nonNull);
            assertTrue(raised.getMessage().contains("Thread.sleep"), "the alarm names the blocking call: " + raised);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            BlockedEventLoopAlarm.ignoreSoFar();
        }
    }

    /** The alarm's error if it has gone off since the last check, else null. */
    private static AssertionError alarmRaised() {
        try {
            BlockedEventLoopAlarm.assertNoneSinceLastCheck();
            return null;
        } catch (AssertionError e) {
            return e;
        }
    }
}
