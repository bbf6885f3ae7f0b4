package io.pushgateway.cluster.store;

import java.time.Instant;

/** The wall clock in Unix nanoseconds, the unit of push times and deadlines. */
public final class UnixTime {
    private UnixTime() {}

    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
