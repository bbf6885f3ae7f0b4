package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyFramedOutputStream;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code Content-Encoding: snappy}: the framed format, as newer Pushgateways read it (COMPATIBILITY.md §1.5). */
class SnappyBodyTest {
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void framedSnappyTextBodyIsStored() throws Exception {
        HttpResponse<String> response = node.sendBytes(
                "PUT",
                "/metrics/job/snappy_text",
                framed("# TYPE sn_c counter\nsn_c{x=\"y\"} 4\n".getBytes(StandardCharsets.UTF_8)),
                "Content-Encoding",
                "snappy");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(node.scrape().contains("sn_c{instance=\"\",job=\"snappy_text\",x=\"y\"} 4\n"));
    }

    @Test
    void framedSnappyProtobufBodyIsStoredAndTheCodingIsCaseInsensitive() throws Exception {
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder()
                .setName("sn_pb")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(2.5)))
                .build();
        ByteArrayOutputStream delimited = new ByteArrayOutputStream();
        family.writeDelimitedTo(delimited);
        HttpResponse<String> response = node.sendBytes(
                "PUT",
                "/metrics/job/snappy_pb",
                framed(delimited.toByteArray()),
                "Content-Encoding",
                "Snappy",
                "Content-Type",
                PROTOBUF);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(node.scrape().contains("sn_pb{instance=\"\",job=\"snappy_pb\"} 2.5\n"));
    }

    @Test
    void corruptSnappyIsRefusedAndStoresNothing() throws Exception {
        byte[] good = framed("sn_bad 1\n".getBytes(StandardCharsets.UTF_8));
        byte[] flipped = good.clone();
        flipped[flipped.length - 2] ^= 0x55; // the checksum no longer matches
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        byte[] rawBlock = rawBlock("sn_bad 1\n".getBytes(StandardCharsets.UTF_8));
        for (byte[] body : new byte[][] {flipped, truncated, rawBlock, "sn_bad 1\n".getBytes(StandardCharsets.UTF_8)}) {
            HttpResponse<String> response =
                    node.sendBytes("PUT", "/metrics/job/snappy_bad", body, "Content-Encoding", "snappy");
            assertEquals(400, response.statusCode());
            assertEquals("snappy: corrupt input\n", response.body());
        }
        assertFalse(node.scrape().contains("snappy_bad"));
    }

    @Test
    void deleteNeverDecodesASnappyBody() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/snappy_delete", "sn_del 1\n").statusCode());
        // Upstream decodes snappy lazily and its delete handler never reads the body.
        assertEquals(
                202,
                node.send("DELETE", "/metrics/job/snappy_delete", "not snappy", "Content-Encoding", "snappy")
                        .statusCode());
        assertFalse(node.scrape().contains("snappy_delete"));
    }

    @Test
    void emptySnappyBodyIsAnEmptyPush() throws Exception {
        assertEquals(
                200,
                node.send("PUT", "/metrics/job/snappy_empty", "", "Content-Encoding", "snappy")
                        .statusCode());
        assertTrue(node.scrape().contains("push_time_seconds{instance=\"\",job=\"snappy_empty\"}"));
    }

    @Test
    void theBodyLimitHoldsAfterDecompression() throws Exception {
        try (TestNode small = TestNode.start(true, false, false, "", 2000)) {
            byte[] bomb = framed("sn_big 1\n".repeat(2300).getBytes(StandardCharsets.UTF_8));
            assertTrue(bomb.length < 2000, "compressed size " + bomb.length);
            HttpResponse<String> response =
                    small.sendBytes("PUT", "/metrics/job/snappy_bomb", bomb, "Content-Encoding", "snappy");
            assertEquals(413, response.statusCode());
            assertFalse(small.scrape().contains("snappy_bomb"));
        }
    }

    static byte[] framed(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(out)) {
            snappy.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] rawBlock(byte[] plain) {
        SnappyCompressor compressor = new SnappyCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(plain.length)];
        int n = compressor.compress(plain, 0, plain.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }
}
