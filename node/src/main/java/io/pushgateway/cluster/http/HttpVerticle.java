package io.pushgateway.cluster.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * One instance of the HTTP server, on its own event loop. A node deploys one per event loop, all on
 * the same port (Vert.x hands each accepted connection to one of them in turn) and all sharing the
 * same handlers, store and caches: nothing here holds state of its own.
 */
final class HttpVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final int port;
    private final Handler<HttpConnection> connections;
    private final Handler<HttpServerRequest> invalidRequests;
    private final Handler<HttpServerRequest> requests;
    private final Consumer<HttpServer> started;

    /**
     * @param port the port, or a negative number for a free port shared by the instances given the same one
     * @param started told of the server once it listens, for TLS reloads and shutdown
     */
    HttpVerticle(
            HttpServerOptions options,
            int port,
            Handler<HttpConnection> connections,
            Handler<HttpServerRequest> invalidRequests,
            Handler<HttpServerRequest> requests,
            Consumer<HttpServer> started) {
        this.options = options;
        this.port = port;
        this.connections = connections;
        this.invalidRequests = invalidRequests;
        this.requests = requests;
        this.started = started;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options)
                .connectionHandler(connections)
                .invalidRequestHandler(invalidRequests)
                .requestHandler(requests)
                .listen(port, options.getHost())
                .onSuccess(started::accept);
    }
}
