package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.Request.put;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text format 0.0.4 push body (COMPATIBILITY.md §2.3, §2.4) and how it comes back in the scrape
 * (§6.3, §6.4): parser strictness, timestamps, summaries and histograms, number formatting and
 * escaping.
 *
 * <p>Not here, deliberately: {@code # TYPE x gaugehistogram} (400 in 1.5.1, accepted by newer
 * Pushgateways, COMPATIBILITY.md §9; a version difference, not a behaviour we pin).
 */
final class TextBodyCases {

    private TextBodyCases() {}

    static List<DiffCase> cases() {
        return List.of(
                named("text_untyped_sample_gets_empty_instance_and_timestamps")
                        .then(put("/metrics/job/j1", "some_metric 3.14\n"), 200),
                named("text_missing_final_newline_rejected_without_creating_group")
                        .then(put("/metrics/job/j", "a 1"), 400),
                named("text_crlf_line_end_rejected").then(put("/metrics/job/j", "a 1\r\n"), 400),
                named("text_trailing_blank_rejected").then(put("/metrics/job/j", "a 1 \n"), 400),
                named("text_optional_blanks_and_trailing_comma_accepted")
                        .then(
                                put(
                                        "/metrics/job/j",
                                        "  a {l=\"v\"} 1\nb{ l = \"v\" , m=\"w\" } 2\nc{l=\"v\",} 3\nd\t4\n"),
                                200),
                // Quoted UTF-8 names are syntax errors to the classic parser (COMPATIBILITY.md §2.3).
                named("text_quoted_utf8_names_rejected_without_utf8_flag")
                        .then(put("/metrics/job/j", "{\"a.b\"} 1\n"), 400)
                        .then(put("/metrics/job/j", "a{\"b.c\"=\"x\"} 1\n"), 400)
                        .then(put("/metrics/job/j", "# TYPE \"a.b\" counter\n"), 400),
                named("text_comment_only_body_is_an_empty_push")
                        .then(put("/metrics/job/j", "# HELP foo bar\n# TYPE foo counter\n"), 200),
                named("text_type_after_samples_rejected").then(put("/metrics/job/j", "a 1\n# TYPE a counter\n"), 400),
                named("text_second_help_rejected").then(put("/metrics/job/j", "# HELP a x\n# HELP a y\na 1\n"), 400),
                named("text_unknown_type_rejected").then(put("/metrics/job/j", "# TYPE a foo\na 1\n"), 400),
                named("text_openmetrics_info_type_rejected").then(put("/metrics/job/j", "# TYPE a info\na 1\n"), 400),
                named("text_type_value_is_case_insensitive")
                        .then(put("/metrics/job/j", "# TYPE a COUNTER\na 1\n"), 200),
                named("text_lowercase_type_keyword_is_plain_comment")
                        .then(put("/metrics/job/j", "# type a counter\na 1\n"), 200),
                named("text_type_keyword_without_space_after_hash_counts")
                        .then(put("/metrics/job/j", "#TYPE a counter\na 1\n"), 200),
                named("text_openmetrics_total_suffix_stays_untyped")
                        .then(put("/metrics/job/j", "# TYPE x counter\n# UNIT x seconds\nx_total 1\n# EOF\n"), 200),
                named("text_invalid_metric_name_rejected").then(put("/metrics/job/j", "0abc 1\n"), 400),
                named("text_name_label_is_reserved").then(put("/metrics/job/j", "a{__name__=\"x\"} 1\n"), 400),
                named("text_double_underscore_label_rejected_by_check_with_failure_time")
                        .then(put("/metrics/job/j", "a{__foo=\"x\"} 1\n"), 400),
                named("text_duplicate_label_name_in_line_rejected")
                        .then(put("/metrics/job/j", "a{x=\"1\",x=\"2\"} 1\n"), 400),
                named("text_non_utf8_label_value_rejected")
                        .then(put("/metrics/job/j", bytes("a{x=\"", new byte[] {(byte) 0xff}, "\"} 1\n")), 400),
                named("text_non_float_value_rejected").then(put("/metrics/job/j", "a abc\n"), 400),
                named("text_go_hex_float_rejected").then(put("/metrics/job/j", "a 0x1p3\n"), 400),
                named("text_go_underscore_float_rejected").then(put("/metrics/job/j", "a 1_000\n"), 400),
                named("text_fractional_timestamp_rejected_by_parser").then(put("/metrics/job/j", "a 1 1.5\n"), 400),
                named("text_timestamp_rejects_whole_push_and_sets_failure_time")
                        .then(put("/metrics/job/ts", "a 1\nb 1 1000\n"), 400),
                named("text_negative_timestamp_rejected").then(put("/metrics/job/ts", "a 1 -1000\n"), 400),
                named("text_special_float_spellings_accepted")
                        .then(put("/metrics/job/j", "a NaN\nb nan\nc +Inf\nd Inf\ne -Inf\nf -0\ng 1e3\nh .5\n"), 200),
                named("text_float_formatting_is_go_shortest_g")
                        .then(
                                put(
                                        "/metrics/job/fmt",
                                        String.join(
                                                "\n",
                                                "# TYPE f1 gauge",
                                                "f1{v=\"a\"} 1000000",
                                                "f1{v=\"b\"} 100000",
                                                "f1{v=\"c\"} 0.0001",
                                                "f1{v=\"d\"} 0.00001",
                                                "f1{v=\"e\"} 1.5e-7",
                                                "f1{v=\"f\"} 1234567",
                                                "f1{v=\"g\"} 123456789012345678",
                                                "f1{v=\"h\"} 1e20",
                                                "f1{v=\"i\"} 1e21",
                                                "f1{v=\"j\"} 12345.678",
                                                "f1{v=\"k\"} 1.0",
                                                "f1{v=\"l\"} 20",
                                                "f1{v=\"m\"} 123456",
                                                "f1{v=\"n\"} -2.5e-300",
                                                "f1{v=\"o\"} 0.1",
                                                "f1{v=\"p\"} 1.7976931348623157e308",
                                                "f1{v=\"q\"} 5e-324",
                                                "")),
                                200),
                named("text_help_escaping_round_trips")
                        .then(
                                put(
                                        "/metrics/job/j",
                                        "# HELP h Help with \\\\ backslash and \\n newline and \" quote.\nh 1\n"),
                                200),
                named("text_help_with_escaped_quote_rejected")
                        .then(put("/metrics/job/j", "# HELP h a \\\" b\nh 1\n"), 400),
                named("text_label_value_escaping_round_trips")
                        .then(put("/metrics/job/j", "e{v=\"q\\\"b\\\\n\\n\tü\"} 1\n"), 200),
                named("text_interleaved_samples_form_one_family")
                        .then(put("/metrics/job/interleave", "a{x=\"1\"} 1\nb 1\na{x=\"2\"} 2\n"), 200),
                named("text_duplicate_series_in_one_push_rejected").then(put("/metrics/job/j", "a 1\na 2\n"), 400),
                named("text_label_sets_may_differ_within_family")
                        .then(put("/metrics/job/j", "a{x=\"1\"} 1\na{y=\"1\"} 1\na 3\n"), 200),
                named("text_sum_and_count_without_type_are_separate_untyped_families")
                        .then(put("/metrics/job/j", "x_sum 1\nx_count 2\nx_bucket{le=\"1\"} 3\n"), 200),
                named("text_summary_quantiles_sum_count")
                        .then(
                                put(
                                        "/metrics/job/s",
                                        "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.9\"} 2\n"
                                                + "s{quantile=\"0.00000001\"} 3\ns_sum 10\ns_count 3\n"),
                                200),
                named("text_summary_fractional_count_truncated")
                        .then(put("/metrics/job/s", "# TYPE s summary\ns_sum 1.5\ns_count 2.5\n"), 200),
                named("text_summary_without_sum_and_count_prints_zeros")
                        .then(put("/metrics/job/s", "# TYPE s summary\ns{quantile=\"0.5\"} 1\n"), 200),
                named("text_histogram_inf_bucket_synthesised_from_count")
                        .then(
                                put(
                                        "/metrics/job/s4",
                                        "# TYPE hh histogram\nhh_bucket{le=\"1\"} 1\nhh_sum 10\nhh_count 4\n"),
                                200),
                named("text_histogram_le_values_reformatted")
                        .then(
                                put(
                                        "/metrics/job/s5",
                                        "# TYPE hl histogram\nhl_bucket{le=\"1000000\"} 1\n"
                                                + "hl_bucket{le=\"0.00001\"} 0\nhl_bucket{le=\"1.0\"} 1\nhl_bucket{le=\"+Inf\"} 2\n"
                                                + "hl_sum 3\nhl_count 2\n"),
                                200),
                named("text_histogram_with_extra_labels")
                        .then(
                                put(
                                        "/metrics/job/s9",
                                        "# TYPE hz histogram\nhz_bucket{zz=\"1\",le=\"1\"} 1\n"
                                                + "hz_bucket{zz=\"1\",le=\"+Inf\"} 1\nhz_sum{zz=\"1\"} 1\nhz_count{zz=\"1\"} 1\n"),
                                200),
                named("text_body_job_and_instance_overwritten_by_url")
                        .then(put("/metrics/job/bodyjob", "a{job=\"other\",instance=\"inst\"} 1\n"), 200)
                        .then(put("/metrics/job/bodyjob2/instance/i9", "b{job=\"other\",instance=\"inst\"} 1\n"), 200),
                named("text_body_labels_overwritten_by_url_labels")
                        .then(put("/metrics/job/j/zone/url", "a{zone=\"body\",other=\"kept\"} 1\n"), 200));
    }

    private static byte[] bytes(String head, byte[] middle, String tail) {
        byte[] first = head.getBytes(StandardCharsets.UTF_8);
        byte[] last = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[first.length + middle.length + last.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(middle, 0, all, first.length, middle.length);
        System.arraycopy(last, 0, all, first.length + middle.length, last.length);
        return all;
    }
}
