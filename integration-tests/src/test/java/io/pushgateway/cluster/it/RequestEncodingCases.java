package io.pushgateway.cluster.it;

import static io.pushgateway.cluster.it.DiffCase.named;
import static io.pushgateway.cluster.it.PushBodies.gauge;
import static io.pushgateway.cluster.it.Request.delete;
import static io.pushgateway.cluster.it.Request.get;
import static io.pushgateway.cluster.it.Request.put;

import java.util.List;

/**
 * Content-Encoding and Content-Type handling in front of the parsers (COMPATIBILITY.md §1.5, §2.1).
 *
 * <p>Not here, deliberately: {@code Content-Encoding: GZIP} (upper case) and {@code snappy}.
 * 1.5.1 only recognises the exact string {@code gzip}; newer Pushgateways match gzip case
 * insensitively and also decode snappy (COMPATIBILITY.md §9): a version difference.
 */
final class RequestEncodingCases {

    private RequestEncodingCases() {}

    static List<DiffCase> cases() {
        return List.of(
                named("gzip_text_body_accepted")
                        .then(
                                put("/metrics/job/gz", PushBodies.gzip("a 1\n# TYPE b counter\nb{x=\"y\"} 2\n"))
                                        .withHeader("Content-Encoding", "gzip"),
                                200),
                named("gzip_protobuf_body_accepted")
                        .then(
                                put(
                                                "/metrics/job/gzpb",
                                                PushBodies.gzip(PushBodies.delimited(gauge("pb_gz", 3, "k", "v"))))
                                        .withHeader("Content-Encoding", "gzip")
                                        .withProtobufContentType(),
                                200),
                named("gzip_header_on_plain_body_rejected")
                        .then(put("/metrics/job/gz", "a 1\n").withHeader("Content-Encoding", "gzip"), 400),
                named("gzip_header_on_empty_push_body_rejected")
                        .then(put("/metrics/job/gz", "").withHeader("Content-Encoding", "gzip"), 400),
                named("gzip_header_on_empty_delete_rejected")
                        .then(put("/metrics/job/gz", "a 1\n"), 200)
                        .then(delete("/metrics/job/gz").withHeader("Content-Encoding", "gzip"), 400),
                named("gzip_header_on_scrape_without_body_rejected")
                        .then(put("/metrics/job/gz", "a 1\n"), 200)
                        .then(get("/metrics").withHeader("Content-Encoding", "gzip"), 400),
                named("unknown_content_encoding_leaves_body_untouched")
                        .then(put("/metrics/job/enc", "a 1\n").withHeader("Content-Encoding", "deflate"), 200),
                named("json_content_type_means_text")
                        .then(put("/metrics/job/ct", "a 1\n").withHeader("Content-Type", "application/json"), 200),
                named("openmetrics_content_type_means_text")
                        .then(
                                put("/metrics/job/ct", "# TYPE a counter\na_total 1\n# EOF\n")
                                        .withHeader(
                                                "Content-Type",
                                                "application/openmetrics-text; version=1.0.0; charset=utf-8"),
                                200),
                named("garbage_content_type_means_text")
                        .then(put("/metrics/job/ct", "a 1\n").withHeader("Content-Type", ";;;=garbage"), 200));
    }
}
