package io.pushgateway.cluster.http;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.format.ProtobufDelimitedParser;
import io.pushgateway.cluster.format.TextFormatParser;
import io.pushgateway.cluster.memory.InflightBytes;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.model.PromDuration;
import io.pushgateway.cluster.store.GroupStore;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.TtlPolicy;
import io.pushgateway.cluster.store.UnixTime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PUT and POST of a group: read, parse, hand to the store, answer as the Pushgateway does. */
final class PushHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PushHandler.class);
    /** Bodies up to this size are parsed on the event loop; larger ones on a worker. */
    private static final int INLINE_PARSE_BYTES = 256 * 1024;

    static final String TTL_HEADER = "Pushgateway-TTL";
    static final String REJECTED = "pushed metrics are invalid or inconsistent with existing metrics: ";

    private final Vertx vertx;
    private final GroupStore store;
    private final BodyReader bodies;
    private final boolean checked;
    private final NodeMetrics metrics;
    private final TtlPolicy ttlPolicy;
    private final NameValidation names;
    private final InputLimits limits;
    private final InflightBytes inflight;

    PushHandler(
            Vertx vertx,
            GroupStore store,
            BodyReader bodies,
            boolean checked,
            NodeMetrics metrics,
            TtlPolicy ttlPolicy,
            NameValidation names,
            InputLimits limits,
            InflightBytes inflight) {
        this.inflight = inflight;
        this.ttlPolicy = ttlPolicy;
        this.names = names;
        this.limits = limits;
        this.vertx = vertx;
        this.store = store;
        this.bodies = bodies;
        this.checked = checked;
        this.metrics = metrics;
    }

    void handle(HttpServerRequest request, GroupKey key, boolean replace) {
        long started = System.nanoTime();
        Duration ttl;
        try {
            limits.checkKey(key);
            ttl = ttlPolicy.resolve(key.job(), requestedTtl(request));
        } catch (BodyParseException | IllegalArgumentException e) {
            metrics.countRejected("parse");
            Responses.error(request.response(), 400, e.getMessage());
            return;
        }
        String contentType = request.getHeader("Content-Type");
        InflightBytes.Lease lease = inflight.lease();
        bodies.read(request, lease)
                .compose(body -> parse(body, contentType).map(families -> {
                    metrics.observePushSize(request.method().name(), body.length);
                    return families;
                }))
                .compose(families -> Future.fromCompletionStage(
                        store.push(new Push(key, replace, families, UnixTime.nowNanos(), ttl.toMillis())),
                        vertx.getOrCreateContext()))
                .onComplete(done -> lease.close())
                .onSuccess(outcome -> answer(request, key, outcome, started))
                .onFailure(error -> Failures.answer(request, error, LOG, metrics));
    }

    private void answer(HttpServerRequest request, GroupKey key, PushOutcome outcome, long started) {
        metrics.observePushDuration(request.method().name(), System.nanoTime() - started);
        if (outcome.accepted()) {
            Responses.empty(request.response(), checked ? 200 : 202);
            return;
        }
        metrics.countRejected(outcome.reason());
        LOG.error(
                "failed to push to group {} ({} from {}): {}",
                key,
                request.method(),
                request.remoteAddress(),
                outcome.message());
        if (checked) {
            Responses.error(request.response(), 400, REJECTED + outcome.message());
        } else {
            Responses.empty(request.response(), 202);
        }
    }

    /** The time to live the client asked for: header first, then the query (for tools that cannot set headers). */
    static Duration requestedTtl(HttpServerRequest request) {
        String text = request.getHeader(TTL_HEADER);
        if (text == null) {
            text = request.getParam("ttl");
        }
        if (text == null) {
            return null;
        }
        try {
            return PromDuration.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid TTL \"" + text + "\" (" + TTL_HEADER
                    + " header or ttl parameter): use a duration such as 90s, 5m or 1h30m, or 0 for none");
        }
    }

    private Future<Map<String, Metrics.MetricFamily>> parse(byte[] body, String contentType) {
        if (body.length <= INLINE_PARSE_BYTES) {
            try {
                return Future.succeededFuture(parseBody(body, contentType, names, limits));
            } catch (BodyParseException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> parseBody(body, contentType, names, limits), false);
    }

    /** The families of a push body, or the 400 that refuses it: unparseable, invalid or over a limit. */
    static Map<String, Metrics.MetricFamily> parseBody(
            byte[] body, String contentType, NameValidation names, InputLimits limits) throws BodyParseException {
        Map<String, Metrics.MetricFamily> families = parseFormat(body, contentType, names);
        limits.checkPush(families);
        return families;
    }

    private static Map<String, Metrics.MetricFamily> parseFormat(byte[] body, String contentType, NameValidation names)
            throws BodyParseException {
        if (!ProtobufDelimitedParser.isProtobuf(contentType)) {
            return TextFormatParser.parse(body, names);
        }
        Map<String, Metrics.MetricFamily> families = ProtobufDelimitedParser.parse(body);
        // Upstream stores any name a protobuf push carries and then breaks its own scrapes
        // (empty name, invalid characters); refuse those instead. UTF-8 names need the flag.
        for (String name : families.keySet()) {
            if (!names.isValidMetricName(name)) {
                throw new BodyParseException("invalid metric name \"" + name + "\"");
            }
        }
        return families;
    }
}
