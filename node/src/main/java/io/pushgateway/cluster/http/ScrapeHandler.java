package io.pushgateway.cluster.http;

import io.netty.buffer.Unpooled;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.AcceptEscaping;
import io.pushgateway.cluster.format.OpenMetricsWriter;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.scrape.ScrapeBody;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * GET of the telemetry path: every stored group merged with the node's own metrics. The body is put
 * together on a worker thread, since families changed since the last scrape are merged, rendered
 * and compressed then, and is sent as slices of the cached byte arrays, as fast as the client reads.
 */
final class ScrapeHandler {
    private static final int WRITE_SLICE_BYTES = 64 * 1024;
    private final Vertx vertx;
    private final ExpositionCache exposition;
    private final NodeMetrics nodeMetrics;
    private final boolean includeNodeMetrics;
    private final boolean openMetrics;

    ScrapeHandler(
            Vertx vertx,
            ExpositionCache exposition,
            NodeMetrics nodeMetrics,
            boolean includeNodeMetrics,
            boolean openMetrics) {
        this.vertx = vertx;
        this.exposition = exposition;
        this.nodeMetrics = nodeMetrics;
        this.includeNodeMetrics = includeNodeMetrics;
        this.openMetrics = openMetrics;
    }

    /** The telemetry path: every group, plus this node's own metrics if so configured. */
    void handle(HttpServerRequest request) {
        respond(request, exposition, includeNodeMetrics);
    }

    /** The node telemetry path: only this node's own metrics, which differ from node to node. */
    void handleNodeOnly(HttpServerRequest request) {
        respond(request, ExpositionCache.EMPTY, true);
    }

    private void respond(HttpServerRequest request, ExpositionCache exposition, boolean withOwn) {
        ScrapeFormat format = ScrapeFormat.negotiate(request.getHeader("Accept"), openMetrics);
        // How names outside the classic rules are shown; named in the Content-Type, as upstream does.
        EscapingScheme negotiated = AcceptEscaping.negotiate(request.getHeader("Accept"));
        // Our OpenMetrics writer has no quoted names; escape rather than write invalid lines.
        EscapingScheme escaping =
                format.kind() == ScrapeFormat.Kind.OPENMETRICS && negotiated == EscapingScheme.ALLOW_UTF8
                        ? EscapingScheme.DEFAULT
                        : negotiated;
        boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
        vertx.executeBlocking(
                        () -> body(exposition, withOwn ? nodeMetrics.gather() : Map.of(), format, escaping, gzip),
                        false)
                .onSuccess(body -> {
                    var response = request.response()
                            .putHeader("Content-Type", format.contentType() + "; escaping=" + escaping.parameter());
                    if (body.gzip()) {
                        response.putHeader("Content-Encoding", "gzip");
                    }
                    response.putHeader("Content-Length", Long.toString(body.length()));
                    write(response, body.parts(), 0, 0);
                })
                .onFailure(e -> Responses.error(
                        request.response(), 500, "An error has occurred while serving " + request.path() + ": " + e));
    }

    /**
     * Writes the parts from {@code index} and {@code offset} on in slices of the cached arrays, as
     * the connection takes them: the transport copies each slice into a direct buffer on the event
     * loop, so one write of a whole store would hold the loop for that copy (70 MB at 100k groups).
     */
    private static void write(HttpServerResponse response, List<byte[]> parts, int index, int offset) {
        while (index < parts.size()) {
            if (response.closed()) {
                return;
            }
            if (response.writeQueueFull()) {
                int nextIndex = index;
                int nextOffset = offset;
                response.drainHandler(v -> write(response, parts, nextIndex, nextOffset));
                return;
            }
            byte[] part = parts.get(index);
            int length = Math.min(WRITE_SLICE_BYTES, part.length - offset);
            if (length > 0) {
                response.write(BufferInternal.buffer(Unpooled.wrappedBuffer(part, offset, length)));
            }
            offset += length;
            if (offset >= part.length) {
                index++;
                offset = 0;
            }
        }
        response.end();
    }

    private static ScrapeBody body(
            ExpositionCache exposition,
            Map<String, Metrics.MetricFamily> own,
            ScrapeFormat format,
            EscapingScheme escaping,
            boolean gzip) {
        if (format.kind() == ScrapeFormat.Kind.OPENMETRICS) {
            // Rare (off by default, as upstream) and not cached: rendered and compressed whole.
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            OpenMetricsWriter.write(out, exposition.protobufFamilies(own, escaping));
            return ScrapeBody.of(out.toByteArray(), gzip);
        }
        return exposition.scrape(own, escaping, format.kind() == ScrapeFormat.Kind.PROTOBUF, gzip);
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
}
