package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.Request.delete;
import static io.pushgateway.cluster.it.Request.post;
import static io.pushgateway.cluster.it.Request.put;

import java.util.List;

/**
 * Grouping keys from the URL (COMPATIBILITY.md §1.3): label pairs, trailing slashes, base64 values, percent
 * escapes, and the 400s for malformed paths.
 *
 * <p>Not here, deliberately: router quirks of the Go HTTP stack (301 for paths with {@code //},
 * {@code /./} or {@code /../}; 307/301 trailing-slash redirects such as {@code PUT /metrics/job/};
 * {@code /api/v1/status/} redirecting to {@code /status}). They come from Go's ServeMux and
 * httprouter, not from the Pushgateway's semantics, and are not part of our contract.
 */
final class UrlGrammarCases {

    private UrlGrammarCases() {}

    static List<DiffCase> cases() {
        return List.of(
                named("url_job_and_instance_form_the_group").then(put("/metrics/job/j/instance/i", "a 1\n"), 200),
                named("url_extra_label_pairs_are_added_to_every_series")
                        .then(put("/metrics/job/j/zone/eu/app/x", "a 1\nb{c=\"d\"} 2\n"), 200),
                named("url_job_pair_in_label_part_is_ignored").then(put("/metrics/job/std/job/other", "a 1\n"), 200),
                named("url_repeated_label_name_later_value_wins")
                        .then(put("/metrics/job/d/instance/x/instance/y", "a 1\n"), 200),
                named("url_odd_number_of_components_rejected").then(put("/metrics/job/j2/a", "a 1\n"), 400),
                named("url_trailing_slash_after_value_makes_components_odd")
                        .then(put("/metrics/job/std/a/b/", "a 1\n"), 400),
                named("url_trailing_slash_after_name_gives_empty_value")
                        .then(put("/metrics/job/std/a/b/c/", "m7 1\n"), 200),
                named("url_instance_with_trailing_slash_is_empty_instance")
                        .then(put("/metrics/job/j/instance/", "a 1\n"), 200),
                named("url_job_followed_by_single_slash_has_no_labels").then(put("/metrics/job/j3/", "a 1\n"), 200),
                named("url_reserved_label_name_rejected").then(put("/metrics/job/j2/__a/b", "a 1\n"), 400),
                named("url_label_name_with_dash_rejected").then(put("/metrics/job/j2/a-b/b", "a 1\n"), 400),
                named("url_label_name_with_equals_rejected").then(put("/metrics/job/j2/a=b/c", "a 1\n"), 400),
                // Only --push.enable-utf8-names decodes U__ names; without it they are ordinary names (COMPATIBILITY.md
                // §1.4).
                named("url_value_escaped_label_name_is_literal_without_utf8_flag")
                        .then(put("/metrics/job/j/U__label_2e_name2/v", "a 1\n"), 200),
                named("url_dotted_label_name_rejected_without_utf8_flag")
                        .then(put("/metrics/job/j2/a.b/c", "a 1\n"), 400),
                named("url_label_name_starting_with_digit_rejected").then(put("/metrics/job/j2/1a/b", "a 1\n"), 400),
                named("url_reserved_check_applies_after_base64_suffix_is_stripped")
                        .then(put("/metrics/job/j2/__a@base64/YQ", "a 1\n"), 400),
                named("url_label_errors_are_reported_before_empty_job")
                        .then(put("/metrics/job@base64/=/a", "a 1\n"), 400),
                named("url_empty_base64_job_rejected").then(put("/metrics/job@base64/=", "a 1\n"), 400),
                // 1.5.1 never releases a handler mutex after this error, so any later request of the
                // same method and route shape would hang (COMPATIBILITY.md §4, fixed upstream in 1.6.1). A fresh
                // gateway per case and no further base64-job PUT keep the reference usable.
                named("url_invalid_base64_job_rejected_with_partial_decode")
                        .then(put("/metrics/job@base64/Zm9v!!", "a 1\n"), 400),
                named("url_base64_job_and_instance_with_slash")
                        .then(put("/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl", "a 1\n"), 200),
                named("url_base64_padding_is_optional_and_repeatable")
                        .then(post("/metrics/job/p/v@base64/dGVzdC9qb2I", "a 1\n"), 200)
                        .then(post("/metrics/job/p/v@base64/dGVzdC9qb2I=", "b 1\n"), 200)
                        .then(post("/metrics/job/p/v@base64/dGVzdC9qb2I===", "c 1\n"), 200),
                named("url_base64_equals_sign_is_empty_value")
                        .then(put("/metrics/job/example/first_label@base64/=/second_label/foobar", "a 1\n"), 200),
                named("url_base64_double_equals_is_empty_value")
                        .then(put("/metrics/job/example/first_label@base64/==", "a 1\n"), 200),
                named("url_base64_empty_instance_is_its_own_group")
                        .then(put("/metrics/job/e/instance@base64/=", "b 1\n"), 200),
                named("url_base64_non_zero_trailing_bits_tolerated")
                        .then(put("/metrics/job/std/v@base64/Zg", "m6 1\n"), 200)
                        .then(put("/metrics/job/std/w@base64/Zh", "m8 1\n"), 200),
                named("url_base64_standard_alphabet_rejected").then(put("/metrics/job/std/v@base64/a+b", "a 1\n"), 400),
                named("url_base64_inner_padding_rejected").then(put("/metrics/job/std/v@base64/Zm9v=x", "a 1\n"), 400),
                named("url_base64_single_leftover_char_rejected")
                        .then(put("/metrics/job/std/v@base64/Z", "a 1\n"), 400),
                named("url_base64_invalid_char_rejected").then(put("/metrics/job/std/v@base64/foo.bar", "a 1\n"), 400),
                named("url_base64_url_safe_and_percent_encoded_utf8_name_same_group")
                        .then(put("/metrics/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C", "a 1\n"), 200)
                        .then(
                                post(
                                        "/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82",
                                        "b 1\n"),
                                200),
                named("url_plus_stays_literal").then(put("/metrics/job/std/v/a+b", "a 1\n"), 200),
                named("url_percent_escapes_are_decoded").then(put("/metrics/job/std/v/a%20b%3F", "a 1\n"), 200),
                named("url_encoded_slash_splits_the_segment").then(put("/metrics/job/slash/path/a%2Fb", "a 1\n"), 400),
                named("url_delete_with_odd_components_rejected")
                        .then(put("/metrics/job/j", "a 1\n"), 200)
                        .then(delete("/metrics/job/j/a"), 400),
                named("url_delete_of_base64_group")
                        .then(put("/metrics/job@base64/dGVzdC9qb2I=/instance/i", "a 1\n"), 200)
                        .then(put("/metrics/job/other", "b 1\n"), 200)
                        .then(delete("/metrics/job@base64/dGVzdC9qb2I/instance@base64/aQ"), 202),
                named("url_delete_with_empty_base64_job_rejected").then(delete("/metrics/job@base64/="), 400));
    }
}
