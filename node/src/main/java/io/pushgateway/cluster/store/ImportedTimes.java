package io.pushgateway.cluster.store;

import java.util.Map;

/**
 * What turns a {@link Push} into an import of a group from another gateway: the group keeps the
 * times it had there instead of getting the arrival time. The push time itself is
 * {@link Push#pushNanos()}.
 *
 * @param failureNanos the group's last failure at the source, in Unix nanoseconds; 0 for none
 * @param familyPushNanos families whose own push time differs from the group's (families kept by
 *     POSTs to other families); the others get the group's push time
 * @param onExisting whether a group the store holds under the key is replaced
 * @param arrivalNanos when the import arrived: versions and the remaining time to live count from it
 */
public record ImportedTimes(
        long failureNanos, Map<String, Long> familyPushNanos, OnExisting onExisting, long arrivalNanos) {
    public ImportedTimes {
        familyPushNanos = Map.copyOf(familyPushNanos);
    }

    /**
     * When the group's time to live runs out, counted like a push's from its last success (from its
     * failure if it never succeeded); 0 for never.
     */
    public long expiresAtNanos(long pushNanos, long ttlMillis) {
        if (ttlMillis == 0) {
            return 0;
        }
        return (pushNanos != 0 ? pushNanos : failureNanos) + ttlMillis * 1_000_000;
    }

    /**
     * The outcome of an import decided before any check, from the group this node holds: kept by the
     * policy, or expired already. Null if it must be checked and written (where the policy decides
     * again, on the group's partition).
     */
    public PushOutcome settledEarly(Group held, long pushNanos, long ttlMillis) {
        if (!onExisting.writes(held, pushNanos, failureNanos)) {
            return PushOutcome.KEPT;
        }
        long expiresAt = expiresAtNanos(pushNanos, ttlMillis);
        return expiresAt != 0 && expiresAt <= arrivalNanos ? PushOutcome.EXPIRED : null;
    }
}
