package io.pushgateway.cluster.http;

import io.pushgateway.cluster.cli.Config;
import io.pushgateway.cluster.cli.Version;
import io.pushgateway.cluster.model.PromDuration;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.LocalReplica;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/** The JSON API: {@code /api/v1/status}, {@code /api/v1/metrics} and the CORS preflight. */
final class ApiHandler {
    private final Config config;
    private final LocalReplica replica;
    private final ClusterView cluster;

    ApiHandler(Config config, LocalReplica replica, ClusterView cluster) {
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
        config.ttl().rules().forEach(rule -> rules.add(new JsonObject()
                .put("job_pattern", rule.jobPattern().pattern())
                .put("ttl", PromDuration.format(rule.ttl()))));
        return new JsonObject().put("default", PromDuration.format(config.ttl().defaultTtl())).put("rules", rules);
    }

    void metrics(HttpServerRequest request) {
        JsonArray groups = new JsonArray();
        for (Group group : replica.groups()) {
            groups.add(MetricsApiJson.group(group));
        }
        success(request, groups);
    }

    void options(HttpServerRequest request) {
        cors(request.response()).setStatusCode(200).end();
    }

    private static void success(HttpServerRequest request, Object data) {
        JsonObject body = new JsonObject().put("status", "success").put("data", data);
        cors(request.response())
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }

    private static HttpServerResponse cors(HttpServerResponse response) {
        return response
                .putHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
                .putHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
                .putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Expose-Headers", "Date")
                .putHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    }
}
