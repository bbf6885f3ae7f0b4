package io.pushgateway.cluster.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.function.BooleanSupplier;

/** Health, readiness and {@code /-/quit}. */
final class LifecycleHandler {
    private final boolean lifecycleEnabled;
    private final BooleanSupplier ready;
    private final Runnable shutdown;

    /**
     * @param ready whether this node holds the full replica and may serve
     * @param shutdown starts a graceful shutdown of the node
     */
    LifecycleHandler(boolean lifecycleEnabled, BooleanSupplier ready, Runnable shutdown) {
        this.lifecycleEnabled = lifecycleEnabled;
        this.ready = ready;
        this.shutdown = shutdown;
    }

    void healthy(HttpServerRequest request) {
        Responses.plain(request.response(), 200, "OK");
    }

    void ready(HttpServerRequest request) {
        if (ready.getAsBoolean()) {
            Responses.plain(request.response(), 200, "OK");
        } else {
            Responses.plain(
                    request.response(),
                    503,
                    "Not ready: the local replica is still loading, or the node is shutting down.");
        }
    }

    /** Upstream's own answer to a GET of the quit endpoint. */
    void quitWithWrongMethod(HttpServerRequest request) {
        Responses.plain(request.response(), 405, "Only POST or PUT requests allowed.");
    }

    void quit(HttpServerRequest request) {
        if (!lifecycleEnabled) {
            Responses.plain(request.response(), 403, "Lifecycle API is not enabled.");
            return;
        }
        request.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Requesting termination... Goodbye!")
                .onComplete(v -> shutdown.run());
    }
}
