package io.pushgateway.cluster.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional second listener ({@code --web.probe-listen-address}) for liveness and readiness
 * probes and this node's own metrics. The main listener closes connections beyond
 * {@code --web.max-connections} as they are accepted, so a client holding that many open would
 * also lock out the probes, and a kubelet would restart a healthy pod. This listener has its own,
 * small connection limit that push traffic never touches.
 *
 * <p>Requests pass the same web config (TLS, basic auth, open probes) and the same handlers as on
 * the main listener; every other path is a 404.
 */
final class ProbeListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeListener.class);
    /** Probes and a scraper or two; more than this on a port meant for them is a flood. */
    static final int MAX_CONNECTIONS = 64;

    private final HttpServer server;

    private ProbeListener(HttpServer server) {
        this.server = server;
    }

    /**
     * @param mainOptions the main listener's options (limits, TLS), copied with the probe address
     * @param requests the main listener's request handler, after access control
     */
    static Future<ProbeListener> start(
            Vertx vertx,
            ServerOptions config,
            HttpServerOptions mainOptions,
            Handler<HttpServerRequest> requests,
            NodeMetrics metrics) {
        ServerOptions.Address address = config.probeListen();
        HttpServerOptions options = new HttpServerOptions(mainOptions)
                .setPort(address.port())
                .setHost(address.host().isEmpty() ? "0.0.0.0" : address.host());
        String prefix = config.routePrefix();
        Set<String> served = Set.of(prefix + "/-/healthy", prefix + "/-/ready", config.nodeTelemetryPath());
        ConnectionGuard connections =
                new ConnectionGuard(vertx, MAX_CONNECTIONS, config.limits().readTimeout(), metrics);
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(connections)
                .requestHandler(request -> {
                    connections.requestArrived(request.connection());
                    if (served.contains(request.path())) {
                        requests.handle(request);
                    } else {
                        Responses.error(request.response(), 404, "404 page not found");
                    }
                });
        return server.listen().map(listening -> {
            LOG.info("probes and node metrics also on {}:{}", address.host(), listening.actualPort());
            return new ProbeListener(listening);
        });
    }

    void updateSSLOptions(io.vertx.core.net.ServerSSLOptions tls) {
        server.updateSSLOptions(tls, true)
                .onFailure(e -> LOG.error("new TLS settings not applied to the probe listener: {}", e.toString()));
    }

    Future<Void> stop() {
        return server.shutdown(Duration.ofSeconds(5));
    }
}
