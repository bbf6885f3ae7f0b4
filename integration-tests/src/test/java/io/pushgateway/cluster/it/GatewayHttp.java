package io.pushgateway.cluster.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends {@link Request}s to a gateway with the JDK HTTP client: HTTP/1.1, no redirect
 * following (redirects are answers worth seeing), and a timeout on every call.
 */
final class GatewayHttp {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Gateway gateway;

    GatewayHttp(Gateway gateway) {
        this.gateway = gateway;
    }

    Response send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUri() + request.path()))
                .timeout(REQUEST_TIMEOUT)
                .method(
                        request.method(),
                        request.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Request.Header header : request.headers()) {
            builder.header(header.name(), header.value());
        }
        try {
            HttpResponse<byte[]> answer = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(answer.statusCode(), answer.headers().map(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    gateway.name() + ": " + request + " failed: " + e + "\nlog " + gateway.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request, e);
        }
    }

    /** GET of the scrape path, answer parsed (the caller checks the status first). */
    Response scrape(String path) {
        return send(Request.get(path));
    }
}
