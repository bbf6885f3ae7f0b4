package io.pushgateway.cluster.http;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.AcceptEscaping;
import io.pushgateway.cluster.format.OpenMetricsWriter;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** GET of the telemetry path: every stored group merged with the node's own metrics. */
final class ScrapeHandler {
    private final ExpositionCache exposition;
    private final NodeMetrics nodeMetrics;
    private final boolean includeNodeMetrics;
    private final boolean openMetrics;

    ScrapeHandler(ExpositionCache exposition, NodeMetrics nodeMetrics, boolean includeNodeMetrics, boolean openMetrics) {
        this.exposition = exposition;
        this.nodeMetrics = nodeMetrics;
        this.includeNodeMetrics = includeNodeMetrics;
        this.openMetrics = openMetrics;
    }

    /** The telemetry path: every group, plus this node's own metrics if so configured. */
    void handle(HttpServerRequest request) {
        respond(request, exposition, includeNodeMetrics ? nodeMetrics.gather() : Map.of());
    }

    /** The node telemetry path: only this node's own metrics, which differ from node to node. */
    void handleNodeOnly(HttpServerRequest request) {
        respond(request, ExpositionCache.EMPTY, nodeMetrics.gather());
    }

    private void respond(HttpServerRequest request, ExpositionCache exposition, Map<String, Metrics.MetricFamily> own) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        ScrapeFormat format = ScrapeFormat.negotiate(request.getHeader("Accept"), openMetrics);
        // How names outside the classic rules are shown; named in the Content-Type, as upstream does.
        EscapingScheme escaping = AcceptEscaping.negotiate(request.getHeader("Accept"));
        if (format.kind() == ScrapeFormat.Kind.OPENMETRICS && escaping == EscapingScheme.ALLOW_UTF8) {
            // Our OpenMetrics writer has no quoted names; escape rather than write invalid lines.
            escaping = EscapingScheme.DEFAULT;
        }
        switch (format.kind()) {
            case PROTOBUF -> exposition.writeProtobuf(out, own, escaping);
            case OPENMETRICS -> OpenMetricsWriter.write(out, exposition.protobufFamilies(own, escaping));
            case TEXT -> exposition.writeText(out, own, escaping);
        }
        byte[] body = out.toByteArray();
        var response = request.response()
                .putHeader("Content-Type", format.contentType() + "; escaping=" + escaping.parameter());
        if (acceptsGzip(request.getHeader("Accept-Encoding"))) {
            response.putHeader("Content-Encoding", "gzip");
            body = gzip(body);
        }
        response.end(Buffer.buffer(body));
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String c = coding.trim();
            if (c.equalsIgnoreCase("gzip") || c.toLowerCase().startsWith("gzip;")) {
                return !c.replace(" ", "").endsWith("q=0");
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
