package io.pushgateway.cluster.store;

/**
 * What became of a push. A rejected push has recorded its failure time in the group; its message
 * is what the Pushgateway answers with status 400, its reason a word for metrics.
 */
public record PushOutcome(boolean accepted, String message, String reason) {
    static final PushOutcome ACCEPTED = new PushOutcome(true, null, null);

    static PushOutcome rejected(String message) {
        return new PushOutcome(false, message,
                message.equals(ConsistencyCheck.TIMESTAMPS) ? "timestamps" : "inconsistent");
    }
}
