package io.pushgateway.cluster.http;

import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.GroupStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DELETE of a group: 202 once the group is gone from the cluster map and from this node's replica. */
final class DeleteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteHandler.class);

    private final Vertx vertx;
    private final GroupStore store;
    private final BodyReader bodies;
    private final NodeMetrics metrics;

    DeleteHandler(Vertx vertx, GroupStore store, BodyReader bodies, NodeMetrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.bodies = bodies;
        this.metrics = metrics;
    }

    void handle(HttpServerRequest request, GroupKey key) {
        // The body is ignored, but read: a gzip header on it must decode, as upstream requires.
        bodies.discard(request)
                .compose(body -> Future.fromCompletionStage(store.delete(key), vertx.getOrCreateContext()))
                .onSuccess(v -> Responses.empty(request.response(), 202))
                .onFailure(error -> Failures.answer(request, error, LOG, metrics));
    }

    /**
     * DELETE of a key no push can store (a value that is not UTF-8): 202 as upstream answers, and
     * the store is not asked, where the key's escaped bytes could match a stored group.
     */
    void handleUnstorableKey(HttpServerRequest request) {
        bodies.discard(request)
                .onSuccess(body -> Responses.empty(request.response(), 202))
                .onFailure(error -> Failures.answer(request, error, LOG, metrics));
    }
}
