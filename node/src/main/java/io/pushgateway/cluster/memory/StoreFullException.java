package io.pushgateway.cluster.memory;

/** A push refused because the store would hold more series than its limit; nothing was stored. */
public final class StoreFullException extends Exception {
    public StoreFullException(long added, long stored, long limit, boolean configured) {
        super(
                "store full: the push would add " + added + " series to the " + stored + " stored, beyond the limit of "
                        + limit + " series ("
                        + (configured ? "set by " : "derived from the smallest member's heap; see ")
                        + SeriesBudget.FLAG + "); delete groups to make room",
                null,
                false,
                false);
    }
}
