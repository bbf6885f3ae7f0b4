package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.PUSH_REJECTED;
import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.Request.post;
import static io.pushgateway.cluster.it.Request.put;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.List;

/**
 * The push-time consistency check across groups (COMPATIBILITY.md §5, §3.4): type conflicts, duplicate
 * series, suffix collisions, and clashes with the gateway's own metrics.
 *
 * <p>Not here, deliberately:
 * <ul>
 *   <li>Anything named {@code go_*}: those are the Go runtime's own metrics, which a JVM cannot
 *       have (COMPATIBILITY.md §5.1), so pushing {@code go_goroutines} as untyped is rejected by Go only.
 *   <li>Own metric names pushed with a different HELP (e.g. {@code pushgateway_http_requests_total},
 *       COMPATIBILITY.md §5.1): 1.5.1 rejects some of them; we always replace the help with our own.
 *   <li>The state after the empty-instance trap (COMPATIBILITY.md §5.2): 1.5.1 then fails every scrape and
 *       every later push; we never let stored data fail a scrape.
 * </ul>
 */
final class ConsistencyCases {

    /**
     * The reference reports a suffix collision with either family named first, depending on Go
     * map iteration order; only the common start is stable.
     */
    private static final String ORDER_DEPENDENT = "Go words the collision by random family order";

    /** Go reports one error per series of the losing type, and which type loses is random. */
    private static final String ERROR_COUNT_ORDER_DEPENDENT = "Go's error count depends on family order";

    private ConsistencyCases() {}

    static List<DiffCase> cases() {
        return List.of(
                named("type_conflict_with_other_group_rejected_and_failure_recorded")
                        .then(put("/metrics/job/j1", "some_metric 3.14\n"), 200)
                        .then(
                                post(
                                        "/metrics/job/j1/instance/i1",
                                        "# TYPE some_metric counter\nsome_metric{label=\"val1\"} 42\n"),
                                400),
                named("type_conflict_within_same_group_replaced_by_put_is_fine")
                        .then(put("/metrics/job/j1", "some_metric 3.14\n"), 200)
                        .then(put("/metrics/job/j1", "# TYPE some_metric counter\nsome_metric 42\n"), 200),
                // With three different helps for one family Go picks one at random per scrape. Go also
                // reports one error or three, depending on which group's type the merged family took.
                named("differing_help_across_groups_accepted_then_type_conflict_rejected")
                        .then(put("/metrics/job/h1", "# HELP hm help one\n# TYPE hm gauge\nhm 1\n"), 200)
                        .then(put("/metrics/job/h2", "# HELP hm help two\n# TYPE hm gauge\nhm 2\n"), 200)
                        .then(put("/metrics/job/h3", "# TYPE hm gauge\nhm 3\n"), 200)
                        .then(Step.of(put("/metrics/job/h4", "# TYPE hm counter\nhm 4\n"), 400)
                                .messageStartingWith(PUSH_REJECTED, ERROR_COUNT_ORDER_DEPENDENT))
                        .then(Step.of(put("/metrics/job/h5", "hm 5\n"), 400)
                                .messageStartingWith(PUSH_REJECTED, ERROR_COUNT_ORDER_DEPENDENT))
                        .ignoringHelpOf("hm"),
                named("same_type_across_groups_merges_into_one_family")
                        .then(put("/metrics/job/m1", "# TYPE g gauge\ng{x=\"1\"} 1\n"), 200)
                        .then(put("/metrics/job/m2", "# TYPE g gauge\ng{x=\"1\"} 2\n"), 200),
                named("duplicate_series_across_groups_rejected")
                        .then(put("/metrics/job/d", "a{instance=\"x\"} 1\n"), 200)
                        .then(put("/metrics/job/d/instance/x", "a 1\n"), 400),
                named("count_of_existing_summary_collides")
                        .then(put("/metrics/job/s1", "# TYPE sm summary\nsm_sum 1\nsm_count 3\n"), 200)
                        .then(Step.of(put("/metrics/job/s2", "sm_count 3\n"), 400)
                                .messageStartingWith(PUSH_REJECTED + "collected ", ORDER_DEPENDENT)),
                named("sum_of_existing_summary_collides")
                        .then(put("/metrics/job/s1", "# TYPE sm summary\nsm_sum 1\nsm_count 3\n"), 200)
                        .then(Step.of(put("/metrics/job/s2", "sm_sum 3\n"), 400)
                                .messageStartingWith(PUSH_REJECTED + "collected ", ORDER_DEPENDENT)),
                named("bucket_of_existing_histogram_collides")
                        .then(
                                put(
                                        "/metrics/job/s3",
                                        "# TYPE hh histogram\nhh_bucket{le=\"1\"} 1\nhh_sum 1\nhh_count 1\n"),
                                200)
                        .then(Step.of(put("/metrics/job/s4", "hh_bucket 3\n"), 400)
                                .messageStartingWith(PUSH_REJECTED + "collected ", ORDER_DEPENDENT)),
                named("summary_arriving_after_count_family_collides")
                        .then(put("/metrics/job/s1", "sm_count 3\n"), 200)
                        .then(Step.of(put("/metrics/job/s2", "# TYPE sm summary\nsm_sum 1\nsm_count 3\n"), 400)
                                .messageStartingWith(PUSH_REJECTED + "collected ", ORDER_DEPENDENT)),
                named("histogram_arriving_after_bucket_family_collides")
                        .then(put("/metrics/job/s1", "hh_bucket 3\n"), 200)
                        .then(Step.of(
                                        put(
                                                "/metrics/job/s2",
                                                "# TYPE hh histogram\nhh_bucket{le=\"1\"} 1\nhh_sum 1\nhh_count 1\n"),
                                        400)
                                .messageStartingWith(PUSH_REJECTED + "collected ", ORDER_DEPENDENT)),
                // The text parser would fold sm_count into the summary; protobuf can carry both.
                named("suffix_collision_within_one_push_rejected")
                        .then(Step.of(
                                        put(
                                                        "/metrics/job/s1",
                                                        PushBodies.delimited(
                                                                PushBodies.family("sm", Metrics.MetricType.SUMMARY)
                                                                        .addMetric(PushBodies.metric()
                                                                                .setSummary(Metrics.Summary.newBuilder()
                                                                                        .setSampleCount(3)
                                                                                        .setSampleSum(1)))
                                                                        .build(),
                                                                PushBodies.gauge("sm_count", 1, "x", "1")))
                                                .withProtobufContentType(),
                                        400)
                                .messageStartingWith(PUSH_REJECTED + "collected ", ORDER_DEPENDENT)),
                named("bucket_family_next_to_summary_allowed")
                        .then(put("/metrics/job/s1", "# TYPE sx summary\nsx_sum 1\nsx_count 3\n"), 200)
                        .then(put("/metrics/job/s2", "sx_bucket 1\n"), 200),
                named("own_build_info_pushed_untyped_rejected")
                        .then(put("/metrics/job/own", "pushgateway_build_info 1\n"), 400),
                named("own_process_metric_pushed_untyped_rejected")
                        .then(put("/metrics/job/own", "process_start_time_seconds 1\n"), 400),
                named("own_build_info_pushed_as_gauge_with_other_labels_accepted")
                        .then(
                                put(
                                        "/metrics/job/own",
                                        "# TYPE pushgateway_build_info gauge\npushgateway_build_info{a=\"b\"} 1\n"),
                                200),
                // After the first push, {job="j3"} holds a{instance="",job="j3"}; the second group
                // {job="j3",instance=""} produces the same series and is rejected. 1.5.1 then also stores
                // colliding timestamp series for the new group, reports three errors instead of one, and
                // from then on fails every scrape and push (COMPATIBILITY.md §5.2). We do not create colliding
                // timestamp series, so only the status codes are comparable, and no scrape.
                named("empty_instance_group_duplicating_job_group_rejected")
                        .then(post("/metrics/job/j3/", "a 1\n"), 200)
                        .then(Step.of(put("/metrics/job/j3/instance/", "a 1\n"), 400)
                                .statusOnly("1.5.1 also reports its own colliding timestamp series"))
                        .withoutScrapeComparison("1.5.1's store is inconsistent from here on and its scrapes fail"));
    }
}
