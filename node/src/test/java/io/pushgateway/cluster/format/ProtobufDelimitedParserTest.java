package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which Content-Types are read as delimited protobuf, and negative histogram populations in protobuf
 * bodies refused as in text bodies.
 */
class ProtobufDelimitedParserTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                "  Application/VND.Google.Protobuf;proto=io.prometheus.client.MetricFamily;ENCODING=delimited",
                "application/vnd.google.protobuf; encoding=\"delimited\"; proto=\"io.prometheus.client.MetricFamily\""
            })
    void protobufContentTypes(String contentType) {
        assertTrue(ProtobufDelimitedParser.isProtobuf(contentType), contentType);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain; version=0.0.4",
                "",
                "application/vnd.google.protobuf",
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text",
                "application/vnd.google.protobuffer; proto=io.prometheus.client.MetricFamily; encoding=delimited"
            })
    void otherContentTypesAreText(String contentType) {
        assertFalse(ProtobufDelimitedParser.isProtobuf(contentType), contentType);
    }

    private static final Metrics.BucketSpan TWO =
            Metrics.BucketSpan.newBuilder().setOffset(0).setLength(2).build();

    static Stream<Arguments> negativePopulations() {
        return Stream.of(
                Arguments.of(
                        "classic float bucket",
                        Metrics.Histogram.newBuilder()
                                .setSampleCount(1)
                                .addBucket(Metrics.Bucket.newBuilder()
                                        .setUpperBound(1)
                                        .setCumulativeCountFloat(-7)),
                        "histogram \"h\" has a negative bucket population: -7"),
                Arguments.of(
                        "float count",
                        Metrics.Histogram.newBuilder().setSampleCountFloat(-7),
                        "histogram \"h\" has a negative observation count: -7"),
                Arguments.of(
                        "float zero bucket",
                        Metrics.Histogram.newBuilder()
                                .setSampleCountFloat(1)
                                .setZeroCountFloat(-1)
                                .addPositiveSpan(TWO)
                                .addAllPositiveCount(List.of(1.0, 0.0)),
                        "histogram \"h\" has a negative bucket population: -1"),
                Arguments.of(
                        "float native bucket",
                        Metrics.Histogram.newBuilder()
                                .setSampleCountFloat(4)
                                .addNegativeSpan(TWO)
                                .addAllNegativeCount(List.of(2.0, -2.0)),
                        "histogram \"h\" has a negative bucket population: -2"),
                Arguments.of(
                        "integer deltas summing below zero",
                        Metrics.Histogram.newBuilder()
                                .setSampleCount(2)
                                .addPositiveSpan(TWO)
                                .addAllPositiveDelta(List.of(2L, -3L)),
                        "histogram \"h\" has a negative bucket population: -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negativePopulations")
    void refusesNegativePopulations(String name, Metrics.Histogram.Builder histogram, String message) {
        BodyParseException e =
                assertThrows(BodyParseException.class, () -> ProtobufDelimitedParser.parse(body(histogram)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void deltasGoingDownToAnEmptyBucketAreFine() throws Exception {
        // Deltas are relative to the previous bucket: 2, then 2-2 = 0 is a valid population.
        Metrics.Histogram.Builder h = Metrics.Histogram.newBuilder()
                .setSampleCount(2)
                .setSampleSum(-5)
                .addPositiveSpan(TWO)
                .addAllPositiveDelta(List.of(2L, -2L));
        assertEquals(
                h.build(),
                ProtobufDelimitedParser.parse(body(h)).get("h").getMetric(0).getHistogram());
    }

    private static byte[] body(Metrics.Histogram.Builder histogram) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Metrics.MetricFamily.newBuilder()
                .setName("h")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder().setHistogram(histogram))
                .build()
                .writeDelimitedTo(out);
        return out.toByteArray();
    }
}
