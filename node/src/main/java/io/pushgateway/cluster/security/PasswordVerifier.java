package io.pushgateway.cluster.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;

/**
 * Checks basic auth credentials against the bcrypt hashes of the web config. bcrypt takes tens of
 * milliseconds by design, so it runs on a small worker pool of its own, never on an event loop, and
 * a success is remembered (see {@link VerifiedCredentials}): a pusher repeating its credentials costs
 * a hash lookup, not a core.
 */
public final class PasswordVerifier implements AutoCloseable {
    /** Compared against for unknown users, so that timing does not tell which user names exist. */
    private static final String UNKNOWN_USER_HASH = new String(
            BCrypt.withDefaults().hash(10, "not a password of anyone".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.US_ASCII);

    private static final BCrypt.Verifyer BCRYPT =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final VerifiedCredentials verified;
    private final WorkerExecutor workers;

    public PasswordVerifier(Vertx vertx, int cacheSize) {
        this.verified = new VerifiedCredentials(cacheSize);
        // Half the cores at most: a flood of wrong passwords must leave room for everything else.
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.workers = vertx.createSharedWorkerExecutor("basic-auth-bcrypt", threads);
    }

    /**
     * Answers at once from the cache when it can, else after bcrypt on a worker thread. Completes
     * with whether the password matches the user's hash in {@code users}.
     */
    public Future<Boolean> verify(java.util.Map<String, String> users, String user, String password) {
        String hash = users.get(user);
        if (hash != null && verified.contains(verified.key(user, hash, password))) {
            return Future.succeededFuture(true);
        }
        String against = hash == null ? UNKNOWN_USER_HASH : hash;
        return workers.executeBlocking(
                () -> {
                    boolean match = matches(password, against) && hash != null;
                    if (match) {
                        verified.add(verified.key(user, hash, password));
                    }
                    return match;
                },
                false);
    }

    /** Whether the cache would answer for these credentials without bcrypt; for tests. */
    boolean cached(String user, String hash, String password) {
        return verified.contains(verified.key(user, hash, password));
    }

    private static boolean matches(String password, String hash) {
        try {
            return BCRYPT.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.US_ASCII))
                    .verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
