package io.pushgateway.cluster.http;

import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.memory.OutOfMemoryExit;
import io.pushgateway.cluster.memory.StoreFullException;
import io.pushgateway.cluster.store.ClusterErrors;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;

/** Maps what went wrong while serving a request to the answer a client gets. */
final class Failures {
    private Failures() {}

    static void answer(HttpServerRequest request, Throwable error, Logger log, NodeMetrics metrics) {
        while (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        OutOfMemoryExit.haltIfOutOfMemory(error);
        metrics.countRejected(reason(error));
        if (error instanceof StoreFullException full) {
            // 507: the request is fine, the store has no room; retrying elsewhere or soon does not help.
            Responses.error(request.response(), 507, full.getMessage());
        } else if (error instanceof BodyReader.BodyException body && body.closeConnection) {
            // The rest of the body may never come: answer, then drop the connection.
            request.response().putHeader("Connection", "close");
            Responses.error(request.response(), body.status, body.getMessage());
            request.connection().close();
        } else if (error instanceof BodyReader.BodyException body) {
            if (body.status == 503) {
                // Only the in-flight budget refuses a body with 503: it frees as pushes finish.
                request.response().putHeader("Retry-After", "1");
            }
            Responses.error(request.response(), body.status, body.getMessage());
        } else if (error instanceof BodyParseException parse) {
            Responses.error(request.response(), 400, parse.getMessage());
        } else {
            // The store could not make the change durable: the client must retry, never assume success.
            String message = ClusterErrors.clientMessage(error);
            log.warn("{} {} answered 503: {}", request.method(), request.path(), message);
            Responses.error(request.response(), 503, message);
        }
    }

    private static String reason(Throwable error) {
        if (error instanceof BodyReader.BodyException body) {
            return body.status == 413
                    ? "too_large"
                    : body.status == 408 ? "timeout" : body.status == 503 ? "inflight_full" : "parse";
        }
        if (error instanceof StoreFullException) {
            return "store_full";
        }
        return error instanceof BodyParseException ? "parse" : "unavailable";
    }
}
