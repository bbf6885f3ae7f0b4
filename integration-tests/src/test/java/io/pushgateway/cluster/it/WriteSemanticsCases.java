package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.Request.delete;
import static io.pushgateway.cluster.it.Request.post;
import static io.pushgateway.cluster.it.Request.put;

import java.util.List;

/**
 * What PUT, POST, DELETE and wipe do to the store (COMPATIBILITY.md §3.1, §3.3, §2.4, §2.5, §1.7), with and
 * without the consistency check.
 *
 * <p>Not here, deliberately:
 * <ul>
 *   <li>Pushing {@code push_failure_time_seconds} into a group that already has one: 1.5.1 lets
 *       the pushed family win; we always override (COMPATIBILITY.md §3.3).
 *   <li>Unchecked pushes that leave the store inconsistent: 1.5.1 then fails every scrape with
 *       500; we never let stored data fail a scrape.
 * </ul>
 */
final class WriteSemanticsCases {

    private WriteSemanticsCases() {}

    static List<DiffCase> cases() {
        return List.of(
                named("put_replaces_the_whole_group")
                        .then(put("/metrics/job/r", "a 1\nb 2\n"), 200)
                        .then(put("/metrics/job/r", "c 3\n"), 200),
                named("post_replaces_same_named_families_only")
                        .then(put("/metrics/job/r", "a{x=\"1\"} 1\nb 2\n"), 200)
                        .then(post("/metrics/job/r", "a{x=\"2\"} 5\n"), 200),
                named("put_with_empty_body_keeps_only_timestamps")
                        .then(put("/metrics/job/r", "a 1\n"), 200)
                        .then(put("/metrics/job/r", ""), 200),
                named("post_with_empty_body_keeps_families")
                        .then(put("/metrics/job/r", "a 1\n"), 200)
                        .then(post("/metrics/job/r", ""), 200),
                named("put_with_empty_body_creates_group").then(put("/metrics/job/new", ""), 200),
                named("post_with_empty_body_creates_group").then(post("/metrics/job/new", ""), 200),
                named("push_does_not_touch_other_groups_of_the_same_job")
                        .then(put("/metrics/job/r", "a 1\n"), 200)
                        .then(put("/metrics/job/r/instance/x", "b 2\n"), 200)
                        .then(put("/metrics/job/r/instance/y", ""), 200),
                named("delete_removes_exactly_one_group")
                        .then(put("/metrics/job/d", "a 1\n"), 200)
                        .then(put("/metrics/job/d/instance/x", "b 1\n"), 200)
                        .then(delete("/metrics/job/d"), 202),
                named("delete_with_instance_keeps_job_group")
                        .then(put("/metrics/job/d", "a 1\n"), 200)
                        .then(put("/metrics/job/d/instance/x", "b 1\n"), 200)
                        .then(delete("/metrics/job/d/instance/x"), 202),
                named("delete_of_absent_group_accepted").then(delete("/metrics/job/nonexistent"), 202),
                named("delete_then_push_recreates_group")
                        .then(put("/metrics/job/d", "a 1\n"), 200)
                        .then(delete("/metrics/job/d"), 202)
                        .then(post("/metrics/job/d", "b 1\n"), 200),
                named("failed_push_creates_group_with_zero_push_time").then(put("/metrics/job/f", "a 1 1000\n"), 400),
                named("failed_push_keeps_stored_metrics")
                        .then(put("/metrics/job/f", "a 1\n"), 200)
                        .then(put("/metrics/job/f", "b 1 1000\n"), 400),
                named("failure_time_survives_later_success")
                        .then(put("/metrics/job/f", "a 1 1000\n"), 400)
                        .then(put("/metrics/job/f", "a 1\n"), 200),
                named("parse_error_creates_no_group").then(put("/metrics/job/f", "a{\n"), 400),
                named("url_error_creates_no_group").then(put("/metrics/job/f/odd", "a 1\n"), 400),
                named("pushed_push_time_seconds_is_overridden")
                        .then(put("/metrics/job/t", "push_time_seconds 0\n"), 200),
                named("pushed_push_failure_time_seconds_into_new_group_is_overridden")
                        .then(put("/metrics/job/t", "push_failure_time_seconds 7\n"), 200),
                named("sanitising_adds_url_labels_to_every_series")
                        .then(
                                put(
                                        "/metrics/job/job1/instance/instance2",
                                        "mf1{instance=\"instance1\",job=\"job2\"} 42\n"),
                                200)
                        .then(put("/metrics/job/job1/instance/instance2", "mf1{job=\"job1\"} 42\n"), 200)
                        .then(put("/metrics/job/job1", "mf1{job=\"job1\"} 42\n"), 200),
                named("wipe_without_admin_api_is_404")
                        .then(put("/metrics/job/w", "a 1\n"), 200)
                        .then(put("/api/v1/admin/wipe", ""), 404),
                // The wipe answers 202 at once and queues one delete per group; the checked push after
                // it is applied behind those deletes, so the scrape sees the wiped store.
                named("wipe_with_admin_api_removes_every_group")
                        .flags("--web.enable-admin-api")
                        .then(put("/metrics/job/w1", "a 1\n"), 200)
                        .then(put("/metrics/job/w2/instance/i", "b 1\n"), 200)
                        .then(put("/api/v1/admin/wipe", ""), 202)
                        .then(put("/metrics/job/after", "c 1\n"), 200),
                named("wipe_of_empty_store_accepted")
                        .flags("--web.enable-admin-api")
                        .then(put("/api/v1/admin/wipe", ""), 202),
                named("unchecked_push_answers_202")
                        .flags("--push.disable-consistency-check")
                        .then(put("/metrics/job/u1", "a 1\n"), 202)
                        .then(post("/metrics/job/u1", "b 1\n"), 202)
                        .then(put("/metrics/job/marker", "marker 1\n"), 202)
                        .awaitingSeries("marker"),
                named("unchecked_timestamp_push_only_records_failure")
                        .flags("--push.disable-consistency-check")
                        .then(put("/metrics/job/u2", "a 1 1000\n"), 202)
                        .then(put("/metrics/job/marker", "marker 1\n"), 202)
                        .awaitingSeries("marker"),
                named("unchecked_parse_error_still_400")
                        .flags("--push.disable-consistency-check")
                        .then(put("/metrics/job/u3", "a 1"), 400)
                        .then(put("/metrics/job/u3/odd", "a 1\n"), 400),
                named("unchecked_delete_answers_202")
                        .flags("--push.disable-consistency-check")
                        .then(put("/metrics/job/u4", "a 1\n"), 202)
                        .then(delete("/metrics/job/u4"), 202)
                        .then(put("/metrics/job/marker", "marker 1\n"), 202)
                        .awaitingSeries("marker"));
    }
}
