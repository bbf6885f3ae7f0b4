package io.pushgateway.cluster.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every input limit: its flag, the answer a client gets, and that nothing over a limit is stored. */
class LimitsTest {
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(
                "--push.max-series=3",
                "--push.max-label-pairs=2",
                "--push.max-label-name-length=8",
                "--push.max-label-value-length=16",
                "--web.max-url-length=256",
                "--web.max-header-bytes=1024",
                "--web.read-timeout=2s");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "series | m 1\\nn 2\\no{a=\"x\"} 3\\no{a=\"y\"} 4\\n | push has more than 3 series (see --push.max-series)",
                "pairs | m{a=\"1\",b=\"2\",c=\"3\"} 1\\n | a series of \"m\" has 3 label pairs, more than 2 (see --push.max-label-pairs)",
                "name | m{abcdefghi=\"1\"} 1\\n | a series of \"m\" has a label name of 9 characters, more than 8 (see --push.max-label-name-length)",
                "value | m{a=\"01234567890123456\"} 1\\n | a series of \"m\" has a value of 17 characters for label a, more than 16 (see --push.max-label-value-length)",
            })
    void bodiesOverALimitGet400AndStoreNothing(String job, String body, String message) throws Exception {
        HttpResponse<String> response = node.send("PUT", "/metrics/job/over-" + job, body.replace("\\n", "\n"));
        assertEquals(400, response.statusCode());
        assertEquals(message + "\n", response.body());
        assertFalse(node.scrape().contains("job=\"over-" + job + "\""));
    }

    @Test
    void bodiesAtTheLimitsAreStored() throws Exception {
        String body = "m{a=\"1\",b=\"0123456789012345\"} 1\nn{abcdefgh=\"x\"} 2\no 3\n";
        assertEquals(200, node.send("PUT", "/metrics/job/at-limits", body).statusCode());
        assertTrue(node.scrape().contains("o{instance=\"\",job=\"at-limits\"} 3\n"));
    }

    @Test
    void groupingKeysOverALengthLimitGet400() throws Exception {
        HttpResponse<String> value = node.send("PUT", "/metrics/job/key/a/01234567890123456", "m 1\n");
        assertEquals(400, value.statusCode());
        assertEquals(
                "the grouping key has a value of 17 characters for label a, more than 16"
                        + " (see --push.max-label-value-length)\n",
                value.body());
        HttpResponse<String> name = node.send("PUT", "/metrics/job/key/abcdefghi/x", "m 1\n");
        assertEquals(400, name.statusCode());
        assertFalse(node.scrape().contains("job=\"key\""));
    }

    @Test
    void longUrlsGet414() throws Exception {
        String path = "/metrics/job/long/instance/" + "x".repeat(300);
        // Netty gives up before it has read the version, so the answer is in HTTP/1.0.
        assertTrue(node.rawStatusLine("PUT", path).matches("HTTP/1\\.[01] 414 Request-URI Too Long"));
        assertFalse(node.scrape().contains("job=\"long\""));
        assertEquals("HTTP/1.1 200 OK", node.rawStatusLine("GET", "/metrics?pad=" + "x".repeat(150)));
    }

    @Test
    void largeHeadersGet431() throws Exception {
        HttpResponse<String> response =
                node.send("PUT", "/metrics/job/headers", "m 1\n", "X-Padding", "x".repeat(2000));
        assertEquals(431, response.statusCode());
        assertEquals("request headers too large (see --web.max-header-bytes)\n", response.body());
        assertFalse(node.scrape().contains("job=\"headers\""));
    }

    @Test
    void aBodyThatNeverCompletesGets408AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.node.httpPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream()
                    .write(("PUT /metrics/job/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Length: 1000\r\n\r\nslow_metric 1\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readUntilClosed(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
            assertTrue(answer.endsWith("request body not complete within 2s (see --web.read-timeout)\n"), answer);
        }
        assertFalse(node.scrape().contains("slow_metric"));
    }

    @Test
    void aClientTricklingItsHeadersIsCutOffAfterTheReadTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.node.httpPort())) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write("PUT /metrics/job/trickle HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            // One header byte every 200 ms: never idle, never done.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            boolean closed = false;
            while (!closed && Instant.now().isBefore(deadline)) {
                try {
                    out.write('X');
                    out.flush();
                    closed = socket.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open: send the next byte
                } catch (IOException e) {
                    closed = true; // reset or broken pipe
                }
            }
            assertTrue(closed, "connection still open after a minute of trickling");
        }
    }

    @Test
    void aKeepAliveConnectionIsNotCutOffBetweenRequests() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.node.httpPort())) {
            assertEquals("HTTP/1.1 200 OK", keepAliveStatus(socket));
            // Waiting past the read timeout is the point: only the first request has a deadline.
            Thread.sleep(3000);
            assertEquals("HTTP/1.1 200 OK", keepAliveStatus(socket));
        }
    }

    @Test
    void silentConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (TestNode idle = TestNode.start("--web.idle-timeout=1s");
                Socket socket = new Socket("127.0.0.1", idle.node.httpPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream()
                    .write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("", readUntilClosed(socket.getInputStream()), "closed without an answer");
        }
    }

    @Test
    void connectionsBeyondTheMaximumAreClosedAndTheOthersServed() throws Exception {
        try (TestNode limited = TestNode.start("--web.max-connections=2");
                Socket first = new Socket("127.0.0.1", limited.node.httpPort());
                Socket second = new Socket("127.0.0.1", limited.node.httpPort())) {
            assertEquals("HTTP/1.1 200 OK", keepAliveStatus(first));
            assertEquals("HTTP/1.1 200 OK", keepAliveStatus(second));
            try (Socket third = new Socket("127.0.0.1", limited.node.httpPort())) {
                third.setSoTimeout(60_000);
                assertEquals("", readUntilClosed(third.getInputStream()), "closed without an answer");
            }
            assertEquals("HTTP/1.1 200 OK", keepAliveStatus(first), "open connections keep being served");
            second.close();
            // The server notices the close asynchronously: poll until a new connection gets a slot.
            await("a new connection accepted after one was closed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try (Socket again = new Socket("127.0.0.1", limited.node.httpPort())) {
                            return "HTTP/1.1 200 OK".equals(keepAliveStatus(again));
                        } catch (IOException e) {
                            return false; // closed at once: the slot is not free yet
                        }
                    });
        }
    }

    /** Sends a keep-alive health check and returns the status line (null if the connection was closed). */
    private static String keepAliveStatus(Socket socket) throws IOException {
        socket.setSoTimeout(60_000);
        socket.getOutputStream()
                .write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\nOK")) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.isEmpty() ? null : text.substring(0, text.indexOf("\r\n"));
    }

    /** Everything the server sends until it closes the connection (a reset counts as closed). */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after a minute; received: " + out, e);
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
