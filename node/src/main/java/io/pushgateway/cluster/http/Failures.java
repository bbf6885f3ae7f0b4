package io.pushgateway.cluster.http;

import io.pushgateway.cluster.format.BodyParseException;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;

/** Maps what went wrong while serving a request to the answer a client gets. */
final class Failures {
    private Failures() {}

    static void answer(HttpServerRequest request, Throwable error, Logger log, NodeMetrics metrics) {
        while (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        metrics.countRejected(reason(error));
        if (error instanceof BodyReader.BodyException body && body.closeConnection) {
            // The rest of the body may never come: answer, then drop the connection.
            request.response().putHeader("Connection", "close");
            Responses.error(request.response(), body.status, body.getMessage());
            request.connection().close();
        } else if (error instanceof BodyReader.BodyException body) {
            Responses.error(request.response(), body.status, body.getMessage());
        } else if (error instanceof BodyParseException parse) {
            Responses.error(request.response(), 400, parse.getMessage());
        } else {
            // The store could not make the change durable (cluster unavailable, member lost):
            // the client must retry, never assume success.
            log.warn("{} {} failed: {}", request.method(), request.path(), error.toString());
            Responses.error(request.response(), 503, "could not store the change: " + error.getMessage());
        }
    }

    private static String reason(Throwable error) {
        if (error instanceof BodyReader.BodyException body) {
            return body.status == 413 ? "too_large" : body.status == 408 ? "timeout" : "parse";
        }
        return error instanceof BodyParseException ? "parse" : "unavailable";
    }
}
