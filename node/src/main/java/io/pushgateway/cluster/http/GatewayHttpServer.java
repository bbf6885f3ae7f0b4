package io.pushgateway.cluster.http;

import io.pushgateway.cluster.cli.Config;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.GroupStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Wires the handlers to one HTTP server. */
public final class GatewayHttpServer {
    private final Vertx vertx;
    private final Config config;
    private HttpServer server;

    public GatewayHttpServer(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.config = config;
    }

    public Future<Integer> start(GroupStore store, ExpositionCache exposition, NodeMetrics metrics, ClusterView cluster,
            BooleanSupplier ready, Runnable shutdown) {
        BodyReader bodies = new BodyReader(config.maxBodyBytes());
        Dispatcher dispatcher = new Dispatcher(config, metrics, bodies,
                new PushHandler(vertx, store, bodies, config.consistencyCheck(), metrics, config.ttl()),
                new DeleteHandler(vertx, store, bodies, metrics),
                new ScrapeHandler(exposition, metrics, config.nodeMetricsInScrape(), config.openMetrics()),
                new ApiHandler(config, store.replica(), cluster),
                new LifecycleHandler(config.enableLifecycle(), ready, shutdown),
                new AdminHandler(vertx, store, metrics),
                new UiHandler(config.routePrefix(), config.telemetryPath()));
        HttpServerOptions options = new HttpServerOptions()
                .setPort(config.listenPort())
                .setHost(config.listenHost().isEmpty() ? "0.0.0.0" : config.listenHost())
                .setCompressionSupported(false);
        server = vertx.createHttpServer(options).requestHandler(dispatcher);
        return server.listen().map(HttpServer::actualPort);
    }

    /** Stops accepting connections and lets requests in flight finish, for a few seconds at most. */
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(Duration.ofSeconds(5));
    }
}
