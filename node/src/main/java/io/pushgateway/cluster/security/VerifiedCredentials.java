package io.pushgateway.cluster.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials that passed bcrypt recently, so that a client sending the same basic auth header with
 * every push pays for bcrypt once. Entries are keyed by an HMAC (with a key made at start-up) of
 * user, stored hash and password: the password is never kept, a changed hash in the file misses the
 * cache, and a memory dump holds nothing to test guesses against offline. Only successes are kept,
 * so wrong guesses cannot push good entries out. Bounded, least recently used first out.
 */
final class VerifiedCredentials {
    private final int capacity;
    private final byte[] macKey = new byte[32];
    private final Map<String, Boolean> entries;

    VerifiedCredentials(int capacity) {
        this.capacity = capacity;
        new SecureRandom().nextBytes(macKey);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > VerifiedCredentials.this.capacity;
            }
        };
    }

    synchronized boolean contains(String key) {
        return entries.get(key) != null;
    }

    synchronized void add(String key) {
        entries.put(key, Boolean.TRUE);
    }

    synchronized int size() {
        return entries.size();
    }

    String key(String user, String hash, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            for (String part : new String[] {user, hash, password}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                // Lengths first: ("ab","c") and ("a","bc") must not collide.
                mac.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
