package io.pushgateway.cluster.store;

import java.time.Duration;

/**
 * A write the cluster left undecided for the whole retry window: it may or may not have been
 * stored. Answered 503; the client may send it again, every write being idempotent.
 */
public final class WriteUndecidedException extends RuntimeException {
    public WriteUndecidedException(Duration window, Throwable lastCause) {
        super(
                "the cluster could not confirm the change within " + window.toSeconds()
                        + "s while its members changed (" + ClusterErrors.oneLine(lastCause)
                        + "); it may or may not have been stored, and sending it again is safe",
                lastCause);
    }
}
