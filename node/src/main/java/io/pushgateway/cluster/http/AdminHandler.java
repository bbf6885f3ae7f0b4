package io.pushgateway.cluster.http;

import io.pushgateway.cluster.store.GroupStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code PUT /api/v1/admin/wipe}: deletes every group, on every node. */
final class AdminHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final Vertx vertx;
    private final GroupStore store;
    private final NodeMetrics metrics;

    AdminHandler(Vertx vertx, GroupStore store, NodeMetrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.metrics = metrics;
    }

    void wipe(HttpServerRequest request) {
        // Unlike upstream, which answers before deleting, this answers once the groups are gone:
        // a client that wipes and then scrapes sees an empty store.
        Future.fromCompletionStage(store.wipe(), vertx.getOrCreateContext())
                .onSuccess(deleted -> {
                    LOG.info("wiped {} groups at the request of {}", deleted, request.remoteAddress());
                    Responses.empty(request.response(), 202);
                })
                .onFailure(error -> Failures.answer(request, error, LOG, metrics));
    }
}
