package io.pushgateway.cluster.store;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;

/**
 * What the errors a store's futures fail with mean to a client. A write the cluster refuses fails
 * with Hazelcast's own exception (no quorum, this member shutting down) or with
 * {@link WriteUndecidedException}; callers read them here instead of knowing Hazelcast.
 */
public final class ClusterErrors {
    private ClusterErrors() {}

    /** What the client is told when the cluster could not take a change; sending it again is always safe. */
    public static String clientMessage(Throwable error) {
        if (error instanceof SplitBrainProtectionException) {
            return "could not store the change: this node sees too few cluster members to accept writes"
                    + " (no quorum); nothing was stored; retry later or through another node";
        }
        if (error instanceof WriteUndecidedException) {
            return "could not store the change: " + error.getMessage();
        }
        if (error instanceof HazelcastInstanceNotActiveException) {
            return "could not store the change: this node is shutting down; nothing was stored; retry through"
                    + " another node";
        }
        return "could not store the change (" + oneLine(error) + "); it may or may not have been"
                + " stored, and sending it again is safe";
    }

    /** The exception's class and the first line of its message. */
    public static String oneLine(Throwable error) {
        String message = error.getMessage();
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return error.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
