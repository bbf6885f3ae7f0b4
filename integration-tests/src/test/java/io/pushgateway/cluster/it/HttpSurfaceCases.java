package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.Request.get;
import static io.pushgateway.cluster.it.Request.of;
import static io.pushgateway.cluster.it.Request.put;

import java.util.List;

/**
 * The HTTP surface around the push API (COMPATIBILITY.md §1.1, §1.2, §1.6, §1.7): health, methods, 404s,
 * lifecycle, admin and API routes, route prefix.
 *
 * <p>Not here, deliberately: redirects produced by Go's router (301 for {@code //}, 307/301 for a
 * trailing slash, {@code GET /pg} to {@code /pg/}); and response bodies of {@code /api/v1/*}
 * (build information and flags are implementation specific).
 */
final class HttpSurfaceCases {

    private HttpSurfaceCases() {}

    static List<DiffCase> cases() {
        return List.of(
                named("healthy_and_ready_answer_ok")
                        .then(get("/-/healthy"), 200)
                        .then(get("/-/ready"), 200),
                named("get_on_push_path_is_405_with_allow")
                        .then(Step.of(get("/metrics/job/x"), 405).comparingHeaders("Allow")),
                named("patch_on_push_path_is_405_with_allow")
                        .then(Step.of(of("PATCH", "/metrics/job/x"), 405).comparingHeaders("Allow")),
                named("head_on_scrape_path_is_405")
                        .then(Step.of(of("HEAD", "/metrics"), 405).comparingHeaders("Allow")),
                named("options_on_push_path_answers_allow")
                        .then(Step.of(of("OPTIONS", "/metrics/job/x"), 200).comparingHeaders("Allow")),
                named("unknown_path_is_404").then(get("/nope"), 404),
                named("push_path_without_job_is_404").then(put("/metrics/job", "a 1\n"), 404),
                named("quit_without_lifecycle_is_403")
                        .then(put("/-/quit", ""), 403)
                        .then(of("POST", "/-/quit"), 403),
                named("get_quit_is_405_with_own_message").then(get("/-/quit"), 405),
                named("quit_with_lifecycle_says_goodbye")
                        .flags("--web.enable-lifecycle")
                        .then(put("/-/quit", ""), 200)
                        .withoutScrapeComparison("the gateway is shutting down"),
                named("wipe_with_wrong_method_is_405")
                        .flags("--web.enable-admin-api")
                        .then(Step.of(get("/api/v1/admin/wipe"), 405).comparingHeaders("Allow")),
                named("api_status_and_metrics_answer_200_with_cors")
                        .then(Step.of(get("/api/v1/status"), 200).comparingHeaders("Access-Control-Allow-Origin"))
                        .then(Step.of(get("/api/v1/metrics"), 200).comparingHeaders("Access-Control-Allow-Origin")),
                named("api_options_preflight_answers_cors")
                        .then(Step.of(of("OPTIONS", "/api/v1/metrics"), 200)
                                .comparingHeaders(
                                        "Access-Control-Allow-Origin",
                                        "Access-Control-Allow-Methods",
                                        "Access-Control-Allow-Headers")),
                named("api_status_post_is_405").then(of("POST", "/api/v1/status"), 405),
                named("empty_store_api_metrics_is_exact")
                        .then(Step.of(get("/api/v1/metrics"), 200).exactBody()),
                named("route_prefix_moves_every_route")
                        .flags("--web.route-prefix=/pg")
                        .then(put("/pg/metrics/job/pj", "a 1\n"), 200)
                        .then(get("/pg/-/healthy"), 200)
                        .then(get("/pg/api/v1/status"), 200)
                        .then(get("/-/healthy"), 404)
                        .then(put("/metrics/job/pj2", "a 1\n"), 404)
                        .then(get("/metrics"), 404));
    }
}
