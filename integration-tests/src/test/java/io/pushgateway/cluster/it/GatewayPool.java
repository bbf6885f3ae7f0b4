package io.pushgateway.cluster.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a reference gateway and one of ours running per set of flags, emptied between cases: a
 * fresh pair per case costs seconds of start-up each. Cases that end a gateway's usefulness get a
 * fresh pair of their own (see {@link #poolable}).
 */
final class GatewayPool implements AutoCloseable {
    record Pair(Gateway reference, Gateway ours, boolean pooled) {}

    private final Map<Gateways.GatewayFlags, Pair> idle = new HashMap<>();

    Pair acquire(DiffCase diffCase) {
        if (!poolable(diffCase)) {
            return new Pair(Gateways.reference(diffCase.flags()), Gateways.ours(diffCase.flags()), false);
        }
        Pair pair = idle.remove(diffCase.flags());
        return pair != null
                ? pair
                : new Pair(Gateways.reference(diffCase.flags()), Gateways.ours(diffCase.flags()), true);
    }

    /** Returns the pair for the next case with the same flags, or stops it if it cannot be reused. */
    void release(DiffCase diffCase, Pair pair) {
        String prefix = diffCase.flags().routePrefix();
        if (pair.pooled() && StoreReset.empty(pair.reference(), prefix) && StoreReset.empty(pair.ours(), prefix)) {
            idle.put(diffCase.flags(), pair);
        } else {
            pair.reference().close();
            pair.ours().close();
        }
    }

    /**
     * A case may share gateways unless it can stop one (the lifecycle API) or trips the 1.5.1 bug
     * that leaves a handler locked after a job that is not valid base64 (COMPATIBILITY.md §4), which would hang
     * later cases on the reference.
     */
    static boolean poolable(DiffCase diffCase) {
        if (diffCase.flags().args().contains("--web.enable-lifecycle") || diffCase.leavesReferenceUnusable()) {
            return false;
        }
        return diffCase.steps().stream()
                .noneMatch(
                        step -> step.request().path().contains("/metrics/job@base64/") && step.expectedStatus() == 400);
    }

    @Override
    public void close() {
        List<Pair> pairs = new ArrayList<>(idle.values());
        idle.clear();
        for (Pair pair : pairs) {
            pair.reference().close();
            pair.ours().close();
        }
    }
}
