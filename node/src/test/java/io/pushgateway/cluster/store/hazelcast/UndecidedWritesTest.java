package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.pushgateway.cluster.store.WriteUndecidedException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Writes Hazelcast leaves undecided are run again; refusals are not. */
class UndecidedWritesTest {
    private static final Member SELF = member("self");
    private static final Member OTHER = member("other");
    private static final Member THIRD = member("third");

    private final AtomicReference<Set<Member>> members = new AtomicReference<>(Set.of(SELF, OTHER, THIRD));
    private final UndecidedWrites undecided = new UndecidedWrites(Duration.ofSeconds(5), cluster(members));

    @Test
    void aWriteThatSucceedsWhileAMemberLeavesIsRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        String result = undecided.run("a push", () -> {
            if (attempts.incrementAndGet() == 1) {
                // Hazelcast counts the backup the departed member owed as done: the write may be held by one.
                members.set(Set.of(SELF, OTHER));
            }
            return "stored";
        });
        assertEquals("stored", result);
        assertEquals(2, attempts.get(), "the write that lost a member was run again");
    }

    @Test
    void aSubmittedWriteThatSucceedsWhileAMemberLeavesFailsAsUndecided() {
        CompletableFuture<String> write = undecided.submit(() -> {
            members.set(Set.of(SELF));
            return CompletableFuture.completedFuture("stored");
        });
        CompletionException error = assertThrows(CompletionException.class, write::join);
        assertTrue(UndecidedWrites.isUndecided(error), error.toString());
        assertEquals(
                "stored",
                undecided
                        .submit(() -> CompletableFuture.completedFuture("stored"))
                        .join(),
                "no member left: the write stands");
    }

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
        UndecidedWrites shortWindow = new UndecidedWrites(Duration.ofMillis(200), cluster(members));
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

    private static Cluster cluster(AtomicReference<Set<Member>> members) {
        return (Cluster) Proxy.newProxyInstance(
                Cluster.class.getClassLoader(), new Class<?>[] {Cluster.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getMembers")) {
                        return members.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Member member(String name) {
        return (Member) Proxy.newProxyInstance(
                Member.class.getClassLoader(),
                new Class<?>[] {Member.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> name;
                    case "hashCode" -> name.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
