package io.pushgateway.cluster.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordVerifierTest {
    private final Vertx vertx = Vertx.vertx();
    private final PasswordVerifier verifier = new PasswordVerifier(vertx, 2);

    @AfterEach
    void close() throws Exception {
        verifier.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aVerifiedPasswordIsAnsweredFromTheCacheWithoutBcrypt() throws Exception {
        Map<String, String> users = Map.of("alice", hash("secret"));
        Future<Boolean> first = verifier.verify(users, "alice", "secret");
        assertTrue(await(first));
        Future<Boolean> second = verifier.verify(users, "alice", "secret");
        assertTrue(second.isComplete() && second.result(), "answered at once, on the caller's thread");
    }

    @Test
    void wrongPasswordsAndUnknownUsersAreRefusedAndNotCached() throws Exception {
        Map<String, String> users = Map.of("alice", hash("secret"));
        assertFalse(await(verifier.verify(users, "alice", "wrong")));
        // Not "the next call is not complete at once": bcrypt at cost 4 may finish before the check.
        assertFalse(verifier.cached("alice", users.get("alice"), "wrong"), "a failure costs bcrypt every time");
        assertFalse(await(verifier.verify(users, "alice", "wrong")));
        assertFalse(await(verifier.verify(users, "bob", "secret")));
        assertFalse(await(verifier.verify(users, "alice", "")));
    }

    @Test
    void aNewHashForTheSameUserIsCheckedAgain() throws Exception {
        assertTrue(await(verifier.verify(Map.of("alice", hash("old")), "alice", "old")));
        Map<String, String> changed = Map.of("alice", hash("new"));
        assertFalse(await(verifier.verify(changed, "alice", "old")), "the cached success belonged to the old hash");
        assertTrue(await(verifier.verify(changed, "alice", "new")));
    }

    @Test
    void hashesOfEveryBcryptVersionAreAccepted() throws Exception {
        for (BCrypt.Version version :
                new BCrypt.Version[] {BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y
                }) {
            String hash = new String(
                    BCrypt.with(version).hash(4, "pw".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
            assertTrue(await(verifier.verify(Map.of("u", hash), "u", "pw")), hash);
        }
    }

    @Test
    void theCacheIsBounded() throws Exception {
        Map<String, String> users = Map.of("a", hash("1"), "b", hash("2"), "c", hash("3"));
        assertTrue(await(verifier.verify(users, "a", "1")));
        assertTrue(await(verifier.verify(users, "b", "2")));
        assertTrue(await(verifier.verify(users, "c", "3")));
        assertFalse(verifier.cached("a", users.get("a"), "1"), "the least recently used entry made room");
        assertTrue(verifier.cached("c", users.get("c"), "3"));
    }

    private static String hash(String password) {
        return new String(
                BCrypt.withDefaults().hash(4, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    private static boolean await(Future<Boolean> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
