package io.pushgateway.cluster.store;

/**
 * What became of a push. A rejected push has recorded its failure time in the group; its message
 * is what the Pushgateway answers with status 400, its reason a word for metrics. An import may
 * also be accepted but not written: the group held was kept ({@link #kept()}).
 */
public record PushOutcome(boolean accepted, String message, String reason) {
    public static final PushOutcome ACCEPTED = new PushOutcome(true, null, null);
    private static final String KEPT_REASON = "kept";
    public static final PushOutcome KEPT =
            new PushOutcome(true, "the group held was kept (see on_existing)", KEPT_REASON);
    public static final PushOutcome EXPIRED =
            new PushOutcome(true, "not written: its time to live ran out since its push time", KEPT_REASON);

    /** Whether an import left the store as it was, by its conflict policy or its expired time to live. */
    public boolean kept() {
        return accepted && KEPT_REASON.equals(reason);
    }
}
