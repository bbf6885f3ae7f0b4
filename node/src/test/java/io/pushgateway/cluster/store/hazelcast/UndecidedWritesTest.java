package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.pushgateway.cluster.store.WriteUndecidedException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Writes Hazelcast leaves undecided are run again; refusals are not. */
class UndecidedWritesTest {
    private final UndecidedWrites undecided = new UndecidedWrites(Duration.ofSeconds(5));

    @Test
    void aWriteUndecidedBecauseAMemberDiedIsRunAgainUntilItLands() {
        AtomicInteger attempts = new AtomicInteger();
        String result = undecided.run("a push", () -> switch (attempts.incrementAndGet()) {
            case 1 -> throw new IndeterminateOperationStateException("backup not acknowledged");
            case 2 -> throw new CompletionException(new MemberLeftException("member left"));
            case 3 -> throw new TargetNotMemberException("not a member");
            default -> "stored";
        });
        assertEquals("stored", result);
        assertEquals(4, attempts.get());
        assertEquals(3, undecided.retried());
    }

    @Test
    void aWriteStillUndecidedWhenTheWindowClosesIsGivenUpOnWithAMessageSayingRetryingIsSafe() {
        UndecidedWrites shortWindow = new UndecidedWrites(Duration.ofMillis(200));
        WriteUndecidedException error = assertThrows(
                WriteUndecidedException.class,
                () -> shortWindow.run("a push", () -> {
                    throw new IndeterminateOperationStateException("backup not acknowledged");
                }));
        assertTrue(
                error.getMessage().contains("IndeterminateOperationStateException: backup not acknowledged"),
                error.getMessage());
        assertTrue(error.getMessage().contains("sending it again is safe"), error.getMessage());
    }

    @Test
    void aMissingQuorumIsAnsweredAtOnceNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        SplitBrainProtectionException refused = new SplitBrainProtectionException("too few members");
        assertSame(
                refused,
                assertThrows(
                        SplitBrainProtectionException.class,
                        () -> undecided.run("a push", () -> {
                            attempts.incrementAndGet();
                            throw refused;
                        })));
        assertEquals(1, attempts.get());
    }

    @Test
    void clusterEventsAreToldApartFromBugs() {
        assertTrue(UndecidedWrites.isClusterEvent(new RuntimeException(new MemberLeftException("gone"))));
        assertTrue(UndecidedWrites.isClusterEvent(new SplitBrainProtectionException("too few")));
        assertEquals(false, UndecidedWrites.isClusterEvent(new NullPointerException()));
    }
}
