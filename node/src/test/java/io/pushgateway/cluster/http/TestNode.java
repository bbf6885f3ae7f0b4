package io.pushgateway.cluster.http;

import io.pushgateway.cluster.cli.Config;
import io.pushgateway.cluster.cli.Main;
import io.pushgateway.cluster.cli.Node;
import io.pushgateway.cluster.testsupport.BlockedEventLoopAlarm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A node started in this JVM on a free loopback port, with a client for it. */
final class TestNode implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final Node node;
    final String base;

    private TestNode(Node node, String prefix) {
        this.node = node;
        this.base = "http://127.0.0.1:" + node.httpPort() + prefix;
    }

    static TestNode start() throws Exception {
        return start(true, false, false, "", 64L << 20);
    }

    /** A default node with these flags added. */
    static TestNode start(String... extraFlags) throws Exception {
        return start(true, false, false, "", 64L << 20, extraFlags);
    }

    static TestNode start(
            boolean checked, boolean admin, boolean lifecycle, String prefix, long maxBody, String... extraFlags)
            throws Exception {
        BlockedEventLoopAlarm.arm();
        List<String> args = new ArrayList<>(List.of(
                "--web.listen-address=127.0.0.1:0",
                "--push.max-body-bytes=" + maxBody,
                "--web.route-prefix=" + prefix));
        if (List.of(extraFlags).stream().noneMatch(flag -> flag.startsWith("--cluster.name="))) {
            // Nodes of one test join each other only when it names their cluster itself.
            args.add("--cluster.name=test-" + UUID.randomUUID());
        }
        if (!checked) {
            args.add("--push.disable-consistency-check");
        }
        if (admin) {
            args.add("--web.enable-admin-api");
        }
        if (lifecycle) {
            args.add("--web.enable-lifecycle");
        }
        args.addAll(List.of(extraFlags));
        Config config = Main.parseConfig(args.toArray(new String[0]));
        Node node = Node.start(config).get(60, TimeUnit.SECONDS);
        node.ready().get(60, TimeUnit.SECONDS);
        BlockedEventLoopAlarm.ignoreSoFar();
        return new TestNode(node, prefix);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send(
                method,
                path,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                headers);
    }

    HttpResponse<String> sendBytes(String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        return send(method, path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/metrics", (String) null);
        if (response.statusCode() != 200) {
            throw new AssertionError("scrape answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Sends a request line as bytes, for what HTTP clients refuse to send; returns the status line. */
    String rawStatusLine(String method, String target) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
        }
    }

    @Override
    public void close() throws Exception {
        node.close().get(60, TimeUnit.SECONDS);
        BlockedEventLoopAlarm.assertNoneSinceLastCheck();
    }
}
