package io.pushgateway.cluster.store;

import java.util.Locale;

/** What an imported group does to a group the store already holds under its key. */
public enum OnExisting {
    /**
     * Replaces the held group only if the imported one is newer: a later push time, or the same
     * push time and a later failure time. A second import after clients moved over therefore
     * writes only what changed at the source since the first.
     */
    NEWER,
    /** Always replaces the held group. */
    OVERWRITE,
    /** Never replaces a held group; only keys the store does not hold are written. */
    SKIP;

    /** Whether a group with these times is written over {@code held} (null or deleted: nothing held). */
    public boolean writes(Group held, long pushNanos, long failureNanos) {
        if (held == null || held.isDeleted()) {
            return true;
        }
        return replaces(held.lastPushNanos(), held.lastFailureNanos(), pushNanos, failureNanos);
    }

    /** Whether a group with these times replaces a held group with those. */
    public boolean replaces(long heldPushNanos, long heldFailureNanos, long pushNanos, long failureNanos) {
        return switch (this) {
            case OVERWRITE -> true;
            case SKIP -> false;
            case NEWER -> pushNanos > heldPushNanos || pushNanos == heldPushNanos && failureNanos > heldFailureNanos;
        };
    }

    /** The lower-case name used on the command line and in the admin API. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of that word ({@code newer}, {@code overwrite}, {@code skip}). */
    public static OnExisting of(String word) {
        for (OnExisting policy : values()) {
            if (policy.word().equals(word)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("must be newer, overwrite or skip: \"" + word + "\"");
    }
}
