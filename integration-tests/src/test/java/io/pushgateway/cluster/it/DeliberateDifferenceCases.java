package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.PushBodies.delimited;
import static io.pushgateway.cluster.it.PushBodies.family;
import static io.pushgateway.cluster.it.PushBodies.metric;
import static io.pushgateway.cluster.it.Request.delete;
import static io.pushgateway.cluster.it.Request.put;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.List;

/**
 * Inputs where a node answers otherwise than 1.5.1 on purpose (README, "Differences from the Go
 * Pushgateway, and why"), pinned so that the difference stays the documented one (issue 21).
 */
final class DeliberateDifferenceCases {

    private static final String NEGATIVE =
            "negative histogram populations are refused, as the newest upstream parser does";
    private static final String RESERVED_GROUPING_LABEL =
            "le as a grouping label of a histogram is refused: 1.5.1 serves le twice";

    private DeliberateDifferenceCases() {}

    static List<DiffCase> cases() {
        return List.of(
                // Both refuse; 1.5.1 also stores a group it then cannot serve (every later scrape is a 500).
                named("url_base64_value_not_utf8_refused")
                        .then(Step.of(put("/metrics/job/j/b@base64/_w==", "fa 1\n"), 400)
                                .messageStartingWith(DiffCase.PUSH_REJECTED, "1.5.1 lists one error per stored series"))
                        .withoutScrapeComparison("1.5.1 keeps a group whose label is not UTF-8 and fails every scrape")
                        .leavingTheReferenceUnusable("1.5.1 cannot serve or delete the group it kept"),
                named("url_base64_job_not_utf8_refused")
                        .then(Step.of(put("/metrics/job@base64/_v4=", "fa 1\n"), 400)
                                .messageStartingWith(DiffCase.PUSH_REJECTED, "1.5.1 lists one error per stored series"))
                        .withoutScrapeComparison("1.5.1 keeps a group whose job is not UTF-8 and fails every scrape")
                        .leavingTheReferenceUnusable("1.5.1 cannot serve or delete the group it kept"),
                named("url_percent_escaped_value_not_utf8_refused")
                        .then(Step.of(put("/metrics/job/j/b/%FF", "fa 1\n"), 400)
                                .messageStartingWith(DiffCase.PUSH_REJECTED, "1.5.1 lists one error per stored series"))
                        .withoutScrapeComparison("1.5.1 keeps a group whose label is not UTF-8 and fails every scrape")
                        .leavingTheReferenceUnusable("1.5.1 cannot serve or delete the group it kept"),
                named("url_delete_of_value_not_utf8_is_accepted_and_deletes_nothing")
                        .then(put("/metrics/job/j/b/x", "fa 1\n"), 200)
                        .then(delete("/metrics/job/j/b@base64/_w=="), 202),
                named("text_negative_histogram_bucket_refused")
                        .then(Step.of(
                                        put(
                                                "/metrics/job/h",
                                                "# TYPE h histogram\nh_bucket{le=\"+Inf\"} -7\nh_sum 1\nh_count 1\n"),
                                        200)
                                .oursAnswering(400, NEGATIVE))
                        .withoutScrapeComparison("1.5.1 stores -7 as 2^64-7"),
                named("text_negative_histogram_count_refused")
                        .then(Step.of(
                                        put(
                                                "/metrics/job/h",
                                                "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count -7\n"),
                                        200)
                                .oursAnswering(400, NEGATIVE))
                        .withoutScrapeComparison("1.5.1 stores -7 as 2^64-7"),
                named("text_negative_histogram_sum_accepted")
                        .then(
                                put(
                                        "/metrics/job/h",
                                        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum -3\nh_count 1\n"),
                                200),
                named("protobuf_negative_float_bucket_refused")
                        .then(Step.of(
                                        put(
                                                        "/metrics/job/pbh",
                                                        delimited(family("pb_h", Metrics.MetricType.HISTOGRAM)
                                                                .addMetric(metric().setHistogram(
                                                                                Metrics.Histogram.newBuilder()
                                                                                        .setSampleCount(1)
                                                                                        .setSampleSum(1)
                                                                                        .addBucket(
                                                                                                Metrics.Bucket
                                                                                                        .newBuilder()
                                                                                                        .setUpperBound(
                                                                                                                1)
                                                                                                        .setCumulativeCountFloat(
                                                                                                                -7))))
                                                                .build()))
                                                .withProtobufContentType(),
                                        200)
                                .oursAnswering(400, NEGATIVE))
                        .withoutScrapeComparison("1.5.1 stores the negative count"),
                named("url_le_grouping_label_on_histogram_refused")
                        .then(Step.of(
                                        put(
                                                "/metrics/job/j/le/x",
                                                "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"),
                                        200)
                                .oursAnswering(400, RESERVED_GROUPING_LABEL))
                        .withoutScrapeComparison(
                                "1.5.1 then serves h_bucket{le=\"x\",le=\"1\"}, which Prometheus rejects"),
                // Not a difference: 1.5.1 refuses quantile on a summary itself (its message differs after '{').
                named("url_quantile_grouping_label_on_summary_refused_by_both")
                        .then(
                                put(
                                        "/metrics/job/j/quantile/x",
                                        "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 1\ns_count 1\n"),
                                400),
                named("url_le_grouping_label_on_untyped_accepted").then(put("/metrics/job/j/le/x", "a 1\n"), 200));
    }
}
