package io.pushgateway.cluster.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes connections beyond a maximum as they are accepted, so that clients which open many and
 * hold them (or simply too many at once) cannot exhaust the node's sockets and memory. Connections
 * already open keep being served.
 */
final class ConnectionLimit implements Handler<HttpConnection> {
    private final int max;
    private final NodeMetrics metrics;
    /** Connections of one server are spread over several event loops. */
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max, NodeMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpConnection connection) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.countRejected("connections");
            connection.close();
            return;
        }
        connection.closeHandler(v -> open.decrementAndGet());
    }
}
