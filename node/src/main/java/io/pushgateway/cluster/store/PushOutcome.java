package io.pushgateway.cluster.store;

/**
 * What became of a push. A rejected push has recorded its failure time in the group; its message
 * is what the Pushgateway answers with status 400.
 */
public record PushOutcome(boolean accepted, String message) {
    static final PushOutcome ACCEPTED = new PushOutcome(true, null);

    static PushOutcome rejected(String message) {
        return new PushOutcome(false, message);
    }
}
