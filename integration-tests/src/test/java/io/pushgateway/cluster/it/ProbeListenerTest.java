package io.pushgateway.cluster.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection flood must not take the probes down with it (issue 20): with
 * {@code --web.max-connections} connections held open on the main port, new connections there are
 * closed, but {@code --web.probe-listen-address} still answers {@code /-/healthy}, {@code /-/ready}
 * and {@code /metrics/node}, and serves nothing else.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProbeListenerTest {
    private static final int MAX_CONNECTIONS = 16;
    private static final int BEYOND_LIMIT = 4;
    private static final Pattern REFUSED_CONNECTIONS =
            Pattern.compile("(?m)^pushgateway_rejected_writes_total\\{reason=\"connections\"} (\\S+)$");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private NodeProcess node;
    private final List<Socket> flood = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : flood) {
            socket.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void probesAnswerWhileTheMainPortIsFlooded() throws Exception {
        int probePort = FreePort.pick();
        node = NodeProcess.start(
                "",
                List.of(
                        "--web.max-connections=" + MAX_CONNECTIONS,
                        "--web.probe-listen-address=127.0.0.1:" + probePort));
        URI main = node.baseUri();
        URI probes = URI.create("http://127.0.0.1:" + probePort);
        assertEquals(200, get(probes, "/-/ready").statusCode());

        // Connections that say nothing, as a flooding client holds them (within --web.read-timeout),
        // a few more than the limit. The node's event loops take them in no particular order, so
        // which ones it closes is not known; once it has closed as many as are beyond the limit, it
        // has counted them all and holds the limit's worth open.
        for (int i = 0; i < MAX_CONNECTIONS + BEYOND_LIMIT; i++) {
            flood.add(connect(main));
        }
        await("the node closes the connections beyond the limit")
                .atMost(TIMEOUT)
                .until(
                        () -> {
                            long closed = refusedConnections(probes);
                            return closed >= BEYOND_LIMIT ? null : closed + " of " + BEYOND_LIMIT + " closed";
                        },
                        nullValue());
        await("the main port refuses new connections")
                .atMost(TIMEOUT)
                .until(
                        () -> {
                            try (Socket extra = connect(main)) {
                                return isClosedByServer(extra) ? null : "a connection beyond the limit was kept open";
                            } catch (IOException e) {
                                return null; // refused outright: locked out as well
                            }
                        },
                        nullValue());

        assertEquals(200, get(probes, "/-/healthy").statusCode());
        assertEquals(200, get(probes, "/-/ready").statusCode());
        HttpResponse<String> nodeMetrics = get(probes, "/metrics/node");
        assertEquals(200, nodeMetrics.statusCode());
        assertTrue(
                nodeMetrics.body().contains("pushgateway_rejected_writes_total{reason=\"connections\"}"),
                nodeMetrics.body());
        // Only probes and node metrics: the port is not a second way in for pushes or scrapes.
        assertEquals(404, get(probes, "/metrics").statusCode());
        assertEquals(404, send(probes, "PUT", "/metrics/job/j").statusCode());

        // Once the flood ends, the main port serves again.
        for (Socket socket : flood) {
            socket.close();
        }
        flood.clear();
        await("the main port serves again")
                .atMost(TIMEOUT)
                .until(
                        () -> {
                            try {
                                return get(main, "/-/healthy").statusCode() == 200 ? null : "not 200";
                            } catch (IOException e) {
                                return e.toString();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        },
                        nullValue());
    }

    private static Socket connect(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TIMEOUT.toMillis());
        return socket;
    }

    /** Whether the server closed this connection instead of answering a request on it. */
    private static boolean isClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(2000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        try {
            out.write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Connections the node closed for being beyond --web.max-connections, as its own metrics say. */
    private static long refusedConnections(URI probes) {
        try {
            Matcher counter =
                    REFUSED_CONNECTIONS.matcher(get(probes, "/metrics/node").body());
            return counter.find() ? (long) Double.parseDouble(counter.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return send(base, "GET", path);
    }

    private static HttpResponse<String> send(URI base, String method, String path)
            throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(TIMEOUT)
                        .method(
                                method,
                                method.equals("GET")
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString("a 1\n"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
