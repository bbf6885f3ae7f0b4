package io.pushgateway.cluster.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow and numerous clients from tying up the server's connections. Connections beyond a
 * maximum are closed as they are accepted (open ones keep being served), and a new connection must
 * deliver the headers of its first request within the read timeout: a client that trickles its
 * headers a byte at a time, just often enough to defeat the idle timeout, is cut off.
 */
final class ConnectionGuard implements Handler<HttpConnection> {
    private final Vertx vertx;
    private final int max;
    private final Duration firstRequestTimeout;
    private final NodeMetrics metrics;
    /** Connections of one server are spread over several event loops. */
    private final AtomicInteger open = new AtomicInteger();
    /** Timers of connections whose first request has not arrived yet. */
    private final Map<HttpConnection, Long> awaitingFirstRequest = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, int max, Duration firstRequestTimeout, NodeMetrics metrics) {
        this.vertx = vertx;
        this.max = max;
        this.firstRequestTimeout = firstRequestTimeout;
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
        long timer = vertx.setTimer(firstRequestTimeout.toMillis(), id -> {
            if (awaitingFirstRequest.remove(connection) != null) {
                metrics.countRejected("timeout");
                connection.close();
            }
        });
        awaitingFirstRequest.put(connection, timer);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            cancel(connection);
        });
    }

    /** A request's headers arrived on this connection. */
    void requestArrived(HttpConnection connection) {
        cancel(connection);
    }

    private void cancel(HttpConnection connection) {
        Long timer = awaitingFirstRequest.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
