package io.pushgateway.cluster.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.security.PasswordVerifier;
import io.pushgateway.cluster.security.WebConfig;
import io.pushgateway.cluster.security.WebConfigException;
import io.pushgateway.cluster.security.WebConfigParser;
import io.pushgateway.cluster.security.WebConfigWatcher;
import io.pushgateway.cluster.store.GroupStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the handlers to the HTTP server, deployed as one {@link HttpVerticle} per event loop. What
 * must exist once per node (connection limit, web config watcher, password cache, handlers) is made
 * here, once, and shared by the instances.
 */
public final class GatewayHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);
    /** Enough for every user of a web config file with many clients, each with its password. */
    private static final int VERIFIED_CREDENTIALS = 1024;

    private final Vertx vertx;
    private final ServerOptions config;
    /** The instances of the server, one per event loop, and their deployments. */
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private ProbeListener probes;
    private WebConfigWatcher webConfig;
    private PasswordVerifier passwords;
    private volatile boolean draining;

    public GatewayHttpServer(Vertx vertx, ServerOptions config) {
        this.vertx = vertx;
        this.config = config;
    }

    public Future<Integer> start(
            GroupStore store,
            ExpositionCache exposition,
            NodeMetrics metrics,
            ClusterView cluster,
            BooleanSupplier ready,
            Runnable shutdown)
            throws WebConfigException {
        InputLimits limits = config.limits();
        BodyReader bodies = new BodyReader(vertx, config.maxBodyBytes(), limits.readTimeout());
        Dispatcher dispatcher = new Dispatcher(
                config,
                metrics,
                bodies,
                new PushHandler(
                        vertx,
                        store,
                        bodies,
                        config.consistencyCheck(),
                        metrics,
                        config.ttl(),
                        config.names(),
                        limits,
                        cluster.inflight()),
                new DeleteHandler(vertx, store, bodies, metrics),
                new ScrapeHandler(vertx, exposition, metrics, config.nodeMetricsInScrape(), config.openMetrics()),
                new ApiHandler(vertx, config, store.replica(), cluster),
                new LifecycleHandler(config.enableLifecycle(), ready, shutdown),
                new AdminHandler(vertx, store, metrics),
                new ImportHandler(vertx, store, bodies, metrics, config.ttl(), config.names(), limits),
                new UiHandler(vertx, config.routePrefix()));
        HttpServerOptions options = new HttpServerOptions()
                .setPort(config.listen().port())
                .setHost(
                        config.listen().host().isEmpty()
                                ? "0.0.0.0"
                                : config.listen().host())
                .setCompressionSupported(false)
                // HTTP/1.1 only, as upstream serves; without h2c detection a connection is handed to
                // the connection limit when it is accepted, not only once it has sent bytes.
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(limits.maxUrlLength())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(
                        (int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis()));
        Handler<HttpServerRequest> handler = dispatcher;
        WebConfig initial = null;
        if (config.webConfigFile() != null) {
            initial = WebConfigParser.parse(config.webConfigFile());
            boolean tls = initial.tls() != null;
            if (tls) {
                TlsOptions.applyTo(options, initial.tls());
            }
            webConfig =
                    new WebConfigWatcher(vertx, config.webConfigFile(), initial, changed -> reloadTls(tls, changed));
            passwords = new PasswordVerifier(vertx, VERIFIED_CREDENTIALS);
            handler = new AccessGuard(webConfig::current, passwords, config.routePrefix(), dispatcher);
        }
        Handler<HttpServerRequest> requests = handler;
        // One limit for the node, whichever event loop accepts a connection.
        ConnectionGuard connections =
                new ConnectionGuard(vertx, limits.maxConnections(), limits.readTimeout(), metrics);
        Handler<HttpServerRequest> invalid = request -> {
            connections.requestArrived(request.connection());
            invalidRequest(request, metrics);
        };
        Handler<HttpServerRequest> served = request -> {
            connections.requestArrived(request.connection());
            if (draining) {
                closeAfterResponse(request);
            }
            requests.handle(request);
        };
        int instances = config.eventLoops() > 0 ? config.eventLoops() : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        // Instances on one port share it; a negative port is Vert.x's way to share one free port.
        int port = options.getPort() == 0 ? -1 : options.getPort();
        Future<Integer> listening = vertx.deployVerticle(
                        () -> new HttpVerticle(options, port, connections, invalid, served, servers::add),
                        new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .map(id -> servers.get(0).actualPort());
        if (config.probeListen() != null) {
            listening = listening.compose(actualPort -> ProbeListener.start(vertx, config, options, requests, metrics)
                    .map(started -> {
                        probes = started;
                        return actualPort;
                    }));
        }
        if (initial == null) {
            return listening;
        }
        WebConfig started = initial;
        return listening.onSuccess(actualPort -> {
            webConfig.start();
            LOG.info(
                    "web config {}: TLS {}, basic auth {}",
                    config.webConfigFile(),
                    started.tls() != null ? "on" : "off",
                    started.authenticates() ? "on" : "off");
        });
    }

    /** New certificates and TLS settings apply to new connections; TLS itself cannot be turned on or off. */
    private void reloadTls(boolean tlsAtStart, WebConfig changed) {
        if (!tlsAtStart) {
            LOG.warn("web config now has tls_server_config; TLS starts only with a restart");
            return;
        }
        for (HttpServer server : servers) {
            server.updateSSLOptions(TlsOptions.of(changed.tls()), true)
                    .onFailure(e ->
                            LOG.error("new TLS settings not applied, keeping the previous ones: {}", e.toString()));
        }
        if (probes != null) {
            probes.updateSSLOptions(TlsOptions.of(changed.tls()));
        }
    }

    /**
     * A request Netty could not decode: Vert.x's own answer (414, 431 or 400, then close), with a
     * message that names the flag to raise.
     */
    private static void invalidRequest(HttpServerRequest request, NodeMetrics metrics) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            refuseAndClose(request, metrics, 414, "url_too_long", "request line too long (see --web.max-url-length)");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuseAndClose(
                    request,
                    metrics,
                    431,
                    "headers_too_large",
                    "request headers too large (see --web.max-header-bytes)");
        } else {
            HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
        }
    }

    private static void refuseAndClose(
            HttpServerRequest request, NodeMetrics metrics, int status, String reason, String message) {
        metrics.countRejected(reason);
        request.response().putHeader("Connection", "close");
        Responses.error(request.response(), status, message);
        request.connection().close();
    }

    /**
     * From now on every connection is closed after its next response: a client then opens a new
     * one for its next request, which is refused once the server stops, instead of sending it on a
     * kept-alive connection the server closes at the same moment (a request lost in between).
     */
    public void drain() {
        draining = true;
    }

    private static void closeAfterResponse(HttpServerRequest request) {
        request.response().putHeader("Connection", "close");
        request.response().bodyEndHandler(v -> request.connection().close());
    }

    /** Stops accepting connections and lets requests in flight finish, for {@code timeout} at most. */
    public Future<Void> stop(Duration timeout) {
        if (webConfig != null) {
            webConfig.close();
        }
        if (passwords != null) {
            passwords.close();
        }
        List<Future<Void>> shutdowns = new ArrayList<>();
        if (probes != null) {
            shutdowns.add(probes.stop());
        }
        for (HttpServer server : servers) {
            shutdowns.add(server.shutdown(timeout));
        }
        return Future.join(shutdowns).transform(done -> {
            List<Future<Void>> undeployed = new ArrayList<>();
            for (String deployment : deployments) {
                undeployed.add(vertx.undeploy(deployment));
            }
            return Future.join(undeployed).mapEmpty();
        });
    }
}
