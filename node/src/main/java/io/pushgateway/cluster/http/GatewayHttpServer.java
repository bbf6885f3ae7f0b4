package io.pushgateway.cluster.http;

import io.pushgateway.cluster.cli.Config;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.security.PasswordVerifier;
import io.pushgateway.cluster.security.WebConfig;
import io.pushgateway.cluster.security.WebConfigException;
import io.pushgateway.cluster.security.WebConfigParser;
import io.pushgateway.cluster.security.WebConfigWatcher;
import io.pushgateway.cluster.store.GroupStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the handlers to one HTTP server. */
public final class GatewayHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);
    /** Enough for every user of a web config file with many clients, each with its password. */
    private static final int VERIFIED_CREDENTIALS = 1024;

    private final Vertx vertx;
    private final Config config;
    private HttpServer server;
    private WebConfigWatcher webConfig;
    private PasswordVerifier passwords;

    public GatewayHttpServer(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.config = config;
    }

    public Future<Integer> start(GroupStore store, ExpositionCache exposition, NodeMetrics metrics, ClusterView cluster,
            BooleanSupplier ready, Runnable shutdown) throws WebConfigException {
        BodyReader bodies = new BodyReader(config.maxBodyBytes());
        Dispatcher dispatcher = new Dispatcher(config, metrics, bodies,
                new PushHandler(vertx, store, bodies, config.consistencyCheck(), metrics, config.ttl(), config.names()),
                new DeleteHandler(vertx, store, bodies, metrics),
                new ScrapeHandler(exposition, metrics, config.nodeMetricsInScrape(), config.openMetrics()),
                new ApiHandler(config, store.replica(), cluster),
                new LifecycleHandler(config.enableLifecycle(), ready, shutdown),
                new AdminHandler(vertx, store, metrics),
                new UiHandler());
        HttpServerOptions options = new HttpServerOptions()
                .setPort(config.listenPort())
                .setHost(config.listenHost().isEmpty() ? "0.0.0.0" : config.listenHost())
                .setCompressionSupported(false);
        if (config.webConfigFile() == null) {
            server = vertx.createHttpServer(options).requestHandler(dispatcher);
            return server.listen().map(HttpServer::actualPort);
        }
        WebConfig initial = WebConfigParser.parse(config.webConfigFile());
        boolean tls = initial.tls() != null;
        if (tls) {
            TlsOptions.applyTo(options, initial.tls());
        }
        webConfig = new WebConfigWatcher(vertx, config.webConfigFile(), initial, changed -> reloadTls(tls, changed));
        passwords = new PasswordVerifier(vertx, VERIFIED_CREDENTIALS);
        server = vertx.createHttpServer(options)
                .requestHandler(new AccessGuard(webConfig::current, passwords, config.routePrefix(), dispatcher));
        return server.listen().map(HttpServer::actualPort).onSuccess(port -> {
            webConfig.start();
            LOG.info("web config {}: TLS {}, basic auth {}", config.webConfigFile(), tls ? "on" : "off",
                    initial.authenticates() ? "on" : "off");
        });
    }

    /** New certificates and TLS settings apply to new connections; TLS itself cannot be turned on or off. */
    private void reloadTls(boolean tlsAtStart, WebConfig changed) {
        if (!tlsAtStart) {
            LOG.warn("web config now has tls_server_config; TLS starts only with a restart");
            return;
        }
        server.updateSSLOptions(TlsOptions.of(changed.tls()), true)
                .onFailure(e -> LOG.error("new TLS settings not applied, keeping the previous ones: {}", e.toString()));
    }

    /** Stops accepting connections and lets requests in flight finish, for a few seconds at most. */
    public Future<Void> stop() {
        if (webConfig != null) {
            webConfig.close();
        }
        if (passwords != null) {
            passwords.close();
        }
        return server == null ? Future.succeededFuture() : server.shutdown(Duration.ofSeconds(5));
    }
}
