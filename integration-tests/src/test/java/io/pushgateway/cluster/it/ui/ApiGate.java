package io.pushgateway.cluster.it.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A proxy between the browser and a node that lets a test decide how the JSON API answers: as the
 * node does, not yet (held until released, as a slow node), or with a given status (as a node
 * refusing the user). Everything else is passed through.
 */
final class ApiGate implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> REQUEST_HEADERS = List.of("Accept", "Authorization", "Content-Type");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Date", "Location");

    private final HttpServer server;
    private final URI node;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile int refuseWith;

    ApiGate(URI node) throws IOException {
        this.node = node;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** API requests wait from now on until {@link #release()}. */
    void hold() {
        held = new CountDownLatch(1);
    }

    void release() {
        held.countDown();
    }

    /** API requests are answered with this status from now on; 0 passes them again. */
    void refuseWith(int status) {
        refuseWith = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean api = exchange.getRequestURI().getPath().startsWith("/api/");
            if (api && !held.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("held longer than " + TIMEOUT);
            }
            if (api && refuseWith != 0) {
                byte[] body = (refuseWith + " refused by the test\n").getBytes();
                exchange.sendResponseHeaders(refuseWith, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            forward(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        node.resolve(exchange.getRequestURI().toString()))
                .timeout(TIMEOUT)
                .method(
                        exchange.getRequestMethod(),
                        requestBody.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (String name : REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String name : RESPONSE_HEADERS) {
            response.headers()
                    .firstValue(name)
                    .ifPresent(value -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
