package io.pushgateway.cluster.it.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP to nodes on 127.0.0.1 with the JDK client: HTTP/1.1, no redirects, a deadline on every
 * call. Transport failures are returned as answers (status {@link #REFUSED} or
 * {@link #NO_ANSWER}) so that callers under load can count them instead of catching exceptions.
 */
public final class Http {

    /** The connection was refused: nothing was sent, the request certainly had no effect. */
    public static final int REFUSED = -1;
    /** Sent, but no answer (timeout, reset): the request may or may not have had its effect. */
    public static final int NO_ANSWER = -2;

    public static final Duration SHORT = Duration.ofSeconds(5);
    /** Longer than the node's Hazelcast call timeout (15 s): a write stuck on a dead member gets its answer. */
    public static final Duration WRITE = Duration.ofSeconds(35);

    /** One answer: status (or a negative transport outcome), body and the time the call took. */
    public record Reply(int status, String body, long nanos) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return (status == REFUSED ? "refused" : status == NO_ANSWER ? "no answer" : Integer.toString(status)) + " "
                    + shown.strip();
        }
    }

    /** Addresses a test assigned inside network namespaces it created; see {@link #allowNamespaceHost}. */
    private static final Set<String> NAMESPACE_HOSTS = ConcurrentHashMap.newKeySet();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public Reply get(URI uri) {
        return send("GET", uri, null, SHORT);
    }

    public Reply send(String method, URI uri, String body, Duration timeout) {
        requireLoopback(uri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> answer =
                    client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(answer.statusCode(), answer.body(), System.nanoTime() - start);
        } catch (ConnectException e) {
            return new Reply(REFUSED, e.toString(), System.nanoTime() - start);
        } catch (IOException e) {
            return new Reply(causedByRefusal(e) ? REFUSED : NO_ANSWER, e.toString(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(NO_ANSWER, "interrupted", System.nanoTime() - start);
        }
    }

    private static boolean causedByRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Also allows {@code host}, an address the calling test assigned inside a network namespace it
     * created (and deletes afterwards): traffic to it never leaves this machine either.
     */
    public static void allowNamespaceHost(String host) {
        NAMESPACE_HOSTS.add(host);
    }

    /** Undoes {@link #allowNamespaceHost} once the namespace is gone. */
    public static void forgetNamespaceHost(String host) {
        NAMESPACE_HOSTS.remove(host);
    }

    /** These tests only ever talk to processes they started on this machine. */
    private static void requireLoopback(URI uri) {
        if (!"127.0.0.1".equals(uri.getHost()) && !NAMESPACE_HOSTS.contains(uri.getHost())) {
            throw new IllegalArgumentException("refusing to send traffic off 127.0.0.1: " + uri);
        }
    }
}
