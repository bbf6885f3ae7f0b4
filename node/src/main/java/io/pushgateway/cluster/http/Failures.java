package io.pushgateway.cluster.http;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.memory.OutOfMemoryExit;
import io.pushgateway.cluster.memory.StoreFullException;
import io.pushgateway.cluster.store.UndecidedWrites;
import io.pushgateway.cluster.store.WriteUndecidedException;
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
            String message = unavailable(error);
            log.warn("{} {} answered 503: {}", request.method(), request.path(), message);
            Responses.error(request.response(), 503, message);
        }
    }

    /** What the client is told when the cluster could not take a change; sending it again is always safe. */
    private static String unavailable(Throwable error) {
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
        return "could not store the change (" + UndecidedWrites.oneLine(error) + "); it may or may not have been"
                + " stored, and sending it again is safe";
    }

    private static String reason(Throwable error) {
        if (error instanceof BodyReader.BodyException body) {
            return body.status == 413 ? "too_large" : body.status == 408 ? "timeout"
                    : body.status == 503 ? "inflight_full" : "parse";
        }
        if (error instanceof StoreFullException) {
            return "store_full";
        }
        return error instanceof BodyParseException ? "parse" : "unavailable";
    }
}
