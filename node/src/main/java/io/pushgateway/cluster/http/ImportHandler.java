package io.pushgateway.cluster.http;

import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.GroupStore;
import io.pushgateway.cluster.store.ImportedTimes;
import io.pushgateway.cluster.store.OnExisting;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.TtlPolicy;
import io.pushgateway.cluster.store.UnixTime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT <prefix>/api/v1/admin/import/job/<job>{/<label>/<value>}}: writes a whole group with
 * the push and failure times it had at another gateway, for moving groups over without resetting
 * {@code push_time_seconds}. The grouping key, the body and the consistency check are those of a
 * PUT push; times and the conflict policy are query parameters. A refused import records no
 * failure: it changes nothing.
 */
final class ImportHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ImportHandler.class);
    /** Under the admin path, so that only admins may call it (see AccessGuard). */
    static final String PATH = "/api/v1/admin/import";

    static final String PUSH_TIME = "push_time_seconds";
    static final String FAILURE_TIME = "push_failure_time_seconds";
    static final String FAMILY_PUSH_TIME = "family_push_time";
    static final String ON_EXISTING = "on_existing";

    private final Vertx vertx;
    private final GroupStore store;
    private final BodyReader bodies;
    private final NodeMetrics metrics;
    private final TtlPolicy ttlPolicy;
    private final NameValidation names;
    private final InputLimits limits;

    ImportHandler(
            Vertx vertx,
            GroupStore store,
            BodyReader bodies,
            NodeMetrics metrics,
            TtlPolicy ttlPolicy,
            NameValidation names,
            InputLimits limits) {
        this.vertx = vertx;
        this.store = store;
        this.bodies = bodies;
        this.metrics = metrics;
        this.ttlPolicy = ttlPolicy;
        this.names = names;
        this.limits = limits;
    }

    void handle(HttpServerRequest request, GroupKey key) {
        long arrival = UnixTime.nowNanos();
        long pushNanos;
        ImportedTimes times;
        Duration ttl;
        try {
            limits.checkKey(key);
            pushNanos = unixNanos(PUSH_TIME, required(request, PUSH_TIME));
            String failure = request.getParam(FAILURE_TIME);
            long failureNanos = failure == null ? 0 : unixNanos(FAILURE_TIME, failure);
            String policy = request.getParam(ON_EXISTING);
            OnExisting onExisting = policy == null ? OnExisting.NEWER : onExisting(policy);
            times = new ImportedTimes(failureNanos, familyPushTimes(request), onExisting, arrival);
            ttl = ttlPolicy.resolve(key.job(), PushHandler.requestedTtl(request));
        } catch (BodyParseException | IllegalArgumentException e) {
            metrics.countRejected("parse");
            Responses.error(request.response(), 400, e.getMessage());
            return;
        }
        String contentType = request.getHeader("Content-Type");
        bodies.read(request)
                .compose(body ->
                        vertx.executeBlocking(() -> PushHandler.parseBody(body, contentType, names, limits), false))
                .compose(families -> Future.fromCompletionStage(
                        store.push(new Push(key, true, families, pushNanos, ttl.toMillis(), times)),
                        vertx.getOrCreateContext()))
                .onSuccess(outcome -> answer(request, key, outcome))
                .onFailure(error -> Failures.answer(request, error, LOG, metrics));
    }

    private void answer(HttpServerRequest request, GroupKey key, PushOutcome outcome) {
        if (!outcome.accepted()) {
            metrics.countRejected(outcome.reason());
            LOG.warn("import of group {} from {} refused: {}", key, request.remoteAddress(), outcome.message());
            Responses.error(request.response(), 400, PushHandler.REJECTED + outcome.message());
            return;
        }
        JsonObject data = new JsonObject().put("written", !outcome.kept());
        if (outcome.kept()) {
            data.put("reason", outcome.message());
        }
        request.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "success").put("data", data).encode());
    }

    private static String required(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "missing query parameter " + name + " (Unix seconds, e.g. 1765012345.123456789; 0 for never)");
        }
        return value;
    }

    private static OnExisting onExisting(String word) {
        try {
            return OnExisting.of(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ON_EXISTING + " " + e.getMessage());
        }
    }

    /** {@code family_push_time=<family name>:<seconds>}, repeated; the name may itself hold colons. */
    private static Map<String, Long> familyPushTimes(HttpServerRequest request) {
        Map<String, Long> times = new HashMap<>();
        for (String value : request.params().getAll(FAMILY_PUSH_TIME)) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        FAMILY_PUSH_TIME + " must be <family name>:<Unix seconds>: \"" + value + "\"");
            }
            times.put(value.substring(0, colon), unixNanos(FAMILY_PUSH_TIME, value.substring(colon + 1)));
        }
        return times;
    }

    /**
     * Unix seconds as a decimal, read exactly to the nanosecond (a double would lose the last digits
     * of today's times), as {@code push_time_seconds} shows them, exponent form included.
     */
    static long unixNanos(String name, String seconds) {
        try {
            BigDecimal value = new BigDecimal(seconds.trim());
            if (value.signum() < 0) {
                throw new NumberFormatException();
            }
            return value.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    name + " must be Unix seconds, not negative (e.g. 1765012345.123456789): \"" + seconds + "\"");
        }
    }
}
