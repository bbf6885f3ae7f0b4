package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.PushBodies.bucket;
import static io.pushgateway.cluster.it.PushBodies.counter;
import static io.pushgateway.cluster.it.PushBodies.delimited;
import static io.pushgateway.cluster.it.PushBodies.family;
import static io.pushgateway.cluster.it.PushBodies.gauge;
import static io.pushgateway.cluster.it.PushBodies.gaugeMetric;
import static io.pushgateway.cluster.it.PushBodies.metric;
import static io.pushgateway.cluster.it.PushBodies.quantile;
import static io.pushgateway.cluster.it.PushBodies.untypedMetric;
import static io.pushgateway.cluster.it.Request.post;
import static io.pushgateway.cluster.it.Request.put;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.List;

/**
 * Delimited protobuf push bodies (COMPATIBILITY.md §2.1, §2.2): format selection by Content-Type, last family
 * wins, what the consistency check rejects, and how summaries and histograms come back.
 *
 * <p>Not here, deliberately:
 * <ul>
 *   <li>GAUGE_HISTOGRAM families: 1.5.1 accepts them and then truncates every text scrape
 *       (COMPATIBILITY.md §2.2, a bug we do not copy).
 *   <li>Empty or invalid family names: 1.5.1 stores them and then serves broken scrapes.
 *   <li>A histogram series with its own {@code le} label: 1.5.1 accepts it and then exposes
 *       {@code le} twice on every bucket line, an invalid scrape.
 * </ul>
 */
final class ProtobufBodyCases {

    private ProtobufBodyCases() {}

    static List<DiffCase> cases() {
        byte[] gaugeAndCounter = delimited(
                family("pb_a", Metrics.MetricType.GAUGE)
                        .setHelp("pb help")
                        .addMetric(gaugeMetric(1.5))
                        .build(),
                counter("pb_b", 7, "x", "y"));
        return List.of(
                named("protobuf_gauge_with_help_and_labelled_counter")
                        .then(put("/metrics/job/pb1", gaugeAndCounter).withProtobufContentType(), 200),
                named("protobuf_repeated_family_last_one_wins")
                        .then(
                                put("/metrics/job/pb2", delimited(gauge("pb_d", 1), gauge("pb_d", 2, "x", "y")))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_post_replaces_only_named_families")
                        .then(put("/metrics/job/pb3", gaugeAndCounter).withProtobufContentType(), 200)
                        .then(
                                post("/metrics/job/pb3", delimited(gauge("pb_a", 3)))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_timestamp_rejected")
                        .then(
                                put(
                                                "/metrics/job/pbts",
                                                delimited(family("pb_t", Metrics.MetricType.GAUGE)
                                                        .addMetric(metric().setGauge(Metrics.Gauge.newBuilder()
                                                                        .setValue(1))
                                                                .setTimestampMs(1000))
                                                        .build()))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_truncated_message_rejected")
                        .then(
                                put("/metrics/job/pbtr", PushBodies.truncated(gaugeAndCounter, 3))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_text_body_with_protobuf_content_type_rejected")
                        .then(put("/metrics/job/pbx", "a 1\n").withProtobufContentType(), 400),
                named("protobuf_content_type_without_parameters_means_text")
                        .then(
                                put("/metrics/job/pbx", gaugeAndCounter)
                                        .withHeader("Content-Type", "application/vnd.google.protobuf"),
                                400),
                named("protobuf_content_type_parameters_reordered_and_quoted")
                        .then(
                                put("/metrics/job/pbq", gaugeAndCounter)
                                        .withHeader(
                                                "Content-Type",
                                                "application/vnd.google.protobuf; encoding=\"delimited\"; proto=\"io.prometheus.client.MetricFamily\""),
                                200),
                named("protobuf_content_type_names_case_insensitive")
                        .then(
                                put("/metrics/job/pbq", gaugeAndCounter)
                                        .withHeader(
                                                "Content-Type",
                                                "Application/Vnd.Google.Protobuf; PROTO=io.prometheus.client.MetricFamily; Encoding=delimited"),
                                200),
                named("protobuf_content_type_values_case_sensitive")
                        .then(
                                put("/metrics/job/pbq", gaugeAndCounter)
                                        .withHeader(
                                                "Content-Type",
                                                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=Delimited"),
                                400),
                named("protobuf_empty_help_is_printed_as_empty_help_line")
                        .then(
                                put(
                                                "/metrics/job/pbh",
                                                delimited(family("pb_h", Metrics.MetricType.GAUGE)
                                                        .setHelp("")
                                                        .addMetric(gaugeMetric(1))
                                                        .build()))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_family_without_metrics_is_invisible")
                        .then(
                                put(
                                                "/metrics/job/pbe",
                                                delimited(
                                                        family("pb_empty", Metrics.MetricType.GAUGE)
                                                                .setHelp("h")
                                                                .build(),
                                                        gauge("pb_full", 1)))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_post_of_empty_family_removes_it_from_scrape")
                        .then(
                                put("/metrics/job/pbe", delimited(gauge("pb_gone", 1), gauge("pb_kept", 2)))
                                        .withProtobufContentType(),
                                200)
                        .then(
                                post(
                                                "/metrics/job/pbe",
                                                delimited(family("pb_gone", Metrics.MetricType.GAUGE)
                                                        .build()))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_summary_round_trips")
                        .then(
                                put(
                                                "/metrics/job/pbs",
                                                delimited(family("pb_s", Metrics.MetricType.SUMMARY)
                                                        .addMetric(metric("q", "r")
                                                                .setSummary(Metrics.Summary.newBuilder()
                                                                        .setSampleCount(7)
                                                                        .setSampleSum(12.5)
                                                                        .addQuantile(quantile(0.5, 1.25))
                                                                        .addQuantile(quantile(0.99, 1e7))))
                                                        .build()))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_histogram_without_inf_bucket_gets_one")
                        .then(
                                put(
                                                "/metrics/job/pbhist",
                                                delimited(family("pb_hist", Metrics.MetricType.HISTOGRAM)
                                                        .addMetric(metric().setHistogram(Metrics.Histogram.newBuilder()
                                                                .setSampleCount(20)
                                                                .setSampleSum(99.23)
                                                                .addBucket(bucket(250000, 3))
                                                                .addBucket(bucket(500000, 17))))
                                                        .build()))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_histogram_with_inf_bucket_keeps_it")
                        .then(
                                put(
                                                "/metrics/job/pbhist",
                                                delimited(family("pb_hist", Metrics.MetricType.HISTOGRAM)
                                                        .addMetric(metric("x", "1")
                                                                .setHistogram(Metrics.Histogram.newBuilder()
                                                                        .setSampleCount(5)
                                                                        .setSampleSum(1)
                                                                        .addBucket(bucket(1, 3))
                                                                        .addBucket(
                                                                                bucket(Double.POSITIVE_INFINITY, 5))))
                                                        .build()))
                                        .withProtobufContentType(),
                                200),
                named("protobuf_double_underscore_label_rejected")
                        .then(
                                put("/metrics/job/pbl", delimited(gauge("pb_l", 1, "__x", "y")))
                                        .withProtobufContentType(),
                                400),
                // COMPATIBILITY.md §2.2 (1.5.1's legacy label-name rules; newer Pushgateways may accept it).
                named("protobuf_dotted_label_name_rejected")
                        .then(
                                put("/metrics/job/pbl", delimited(gauge("pb_l", 1, "a.b", "y")))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_duplicate_label_names_rejected")
                        .then(
                                put("/metrics/job/pbl", delimited(gauge("pb_l", 1, "x", "1", "x", "2")))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_value_field_not_matching_type_rejected")
                        .then(
                                put(
                                                "/metrics/job/pbv",
                                                delimited(family("pb_v", Metrics.MetricType.GAUGE)
                                                        .addMetric(untypedMetric(1))
                                                        .build()))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_summary_with_quantile_label_rejected")
                        .then(
                                put(
                                                "/metrics/job/pbq",
                                                delimited(family("pb_sq", Metrics.MetricType.SUMMARY)
                                                        .addMetric(metric("quantile", "0.5")
                                                                .setSummary(Metrics.Summary.newBuilder()
                                                                        .setSampleCount(1)
                                                                        .setSampleSum(1)))
                                                        .build()))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_duplicate_series_rejected")
                        .then(
                                put(
                                                "/metrics/job/pbd",
                                                delimited(family("pb_dup", Metrics.MetricType.GAUGE)
                                                        .addMetric(gaugeMetric(1, "x", "1"))
                                                        .addMetric(gaugeMetric(2, "x", "1"))
                                                        .build()))
                                        .withProtobufContentType(),
                                400),
                named("protobuf_label_values_escaped_in_scrape")
                        .then(
                                put("/metrics/job/pbesc", delimited(gauge("pb_esc", 1, "v", "a\"b\\c\nd\te")))
                                        .withProtobufContentType(),
                                200));
    }
}
