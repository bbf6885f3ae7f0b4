package io.pushgateway.cluster.http;

import io.vertx.core.http.HttpServerRequest;

/** The landing page; it points at the scrape and the JSON API. */
final class UiHandler {
    private final String prefix;
    private final String telemetryPath;

    UiHandler(String prefix, String telemetryPath) {
        this.prefix = prefix;
        this.telemetryPath = telemetryPath;
    }

    void page(HttpServerRequest request) {
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Pushgateway Cluster</title></head>"
                + "<body><h1>Pushgateway Cluster</h1><ul>"
                + "<li><a href=\"" + telemetryPath + "\">Metrics</a></li>"
                + "<li><a href=\"" + prefix + "/api/v1/metrics\">Groups (JSON)</a></li>"
                + "<li><a href=\"" + prefix + "/api/v1/status\">Status (JSON)</a></li>"
                + "</ul></body></html>";
        request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }
}
