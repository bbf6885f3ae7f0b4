package io.pushgateway.cluster.http;

import io.pushgateway.cluster.model.PromDuration;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.Replica;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/** The JSON API: {@code /api/v1/status}, {@code /api/v1/metrics} and the CORS preflight. */
final class ApiHandler {
    private final Vertx vertx;
    private final ServerOptions config;
    private final Replica replica;
    private final ClusterView cluster;

    ApiHandler(Vertx vertx, ServerOptions config, Replica replica, ClusterView cluster) {
        this.vertx = vertx;
        this.config = config;
        this.replica = replica;
        this.cluster = cluster;
    }

    void status(HttpServerRequest request) {
        JsonObject build = new JsonObject()
                .put("branch", "")
                .put("buildDate", "")
                .put("buildUser", "")
                .put("goVersion", "java" + Runtime.version())
                .put("revision", Version.REVISION)
                .put("version", Version.VERSION);
        JsonObject flags = new JsonObject();
        new TreeMap<>(config.flags()).forEach(flags::put);
        JsonObject data = new JsonObject()
                .put("build_information", build)
                .put("flags", flags)
                .put("start_time", GoTime.rfc3339Nano(cluster.startNanos()))
                .put("cluster", cluster.toJson())
                .put("store", cluster.storeJson())
                .put("ttl", ttlJson());
        success(request, data);
    }

    private JsonObject ttlJson() {
        JsonArray rules = new JsonArray();
        config.ttl()
                .rules()
                .forEach(rule -> rules.add(new JsonObject()
                        .put("job_pattern", rule.jobPattern().pattern())
                        .put("ttl", PromDuration.format(rule.ttl()))));
        return new JsonObject()
                .put("default", PromDuration.format(config.ttl().defaultTtl()))
                .put("rules", rules);
    }

    /** Every group as JSON: its cost grows with the store, so it is built on a worker thread. */
    void metrics(HttpServerRequest request) {
        vertx.executeBlocking(
                        () -> {
                            JsonArray groups = new JsonArray();
                            for (Group group : replica.groups()) {
                                groups.add(MetricsApiJson.group(group));
                            }
                            return successBody(groups).toBuffer();
                        },
                        false)
                .onSuccess(body -> cors(request.response())
                        .putHeader("Content-Type", "application/json")
                        .end(body))
                .onFailure(e -> Responses.error(
                        request.response(), 500, "An error has occurred while serving " + request.path() + ": " + e));
    }

    void options(HttpServerRequest request) {
        cors(request.response()).setStatusCode(200).end();
    }

    private static void success(HttpServerRequest request, Object data) {
        cors(request.response())
                .putHeader("Content-Type", "application/json")
                .end(successBody(data).toBuffer());
    }

    private static JsonObject successBody(Object data) {
        return new JsonObject().put("status", "success").put("data", data);
    }

    private static HttpServerResponse cors(HttpServerResponse response) {
        return response.putHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
                .putHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
                .putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Expose-Headers", "Date")
                .putHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    }
}
