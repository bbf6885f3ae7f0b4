package io.pushgateway.cluster.http;

import io.vertx.core.http.HttpServerResponse;

/** Answers in the shapes Pushgateway clients see. */
final class Responses {
    private Responses() {}

    /** An error as Go's http.Error writes it: plain text, the message and a newline. */
    static void error(HttpServerResponse response, int status, String message) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }

    /** A success without a body, as the push, delete and wipe endpoints answer. */
    static void empty(HttpServerResponse response, int status) {
        if (!response.ended()) {
            response.setStatusCode(status).end();
        }
    }

    /** A plain answer without trailing newline, as the health and lifecycle endpoints give. */
    static void plain(HttpServerResponse response, int status, String body) {
        if (!response.ended()) {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(body);
        }
    }
}
