package io.pushgateway.cluster.migrate;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.store.OnExisting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The admin import request for one group: path with the grouping key, query with its times and
 * the conflict policy, protobuf-delimited body.
 */
final class ImportRequest {
    static final String PATH = "/api/v1/admin/import";
    static final String CONTENT_TYPE =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    /** Values that pass a URL path segment unchanged; every other value, and the empty one, goes as base64. */
    private static final Pattern PLAIN = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._~-]+");

    private ImportRequest() {}

    /** {@code /api/v1/admin/import/job/<job>{/<name>/<value>}?push_time_seconds=...}. */
    static String pathAndQuery(SourceGroup group, OnExisting onExisting) {
        StringBuilder sb = new StringBuilder(PATH);
        segment(sb, "job", group.job());
        group.labels().forEach((name, value) -> {
            if (!name.equals("job")) {
                segment(sb, name, value);
            }
        });
        sb.append("?push_time_seconds=")
                .append(seconds(group.pushNanos()))
                .append("&push_failure_time_seconds=")
                .append(seconds(group.failureNanos()))
                .append("&on_existing=")
                .append(onExisting.word());
        group.familyPushNanos()
                .forEach((family, nanos) -> sb.append("&family_push_time=")
                        .append(URLEncoder.encode(family + ":" + seconds(nanos), StandardCharsets.UTF_8)));
        if (group.ttl() != null) {
            sb.append("&ttl=").append(URLEncoder.encode(group.ttl(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static byte[] body(SourceGroup group) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Metrics.MetricFamily family : group.families()) {
                family.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Unix nanoseconds as exact decimal seconds. */
    static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    private static void segment(StringBuilder sb, String name, String value) {
        if (PLAIN.matcher(value).matches()) {
            sb.append('/').append(name).append('/').append(value);
        } else {
            // Base64 carries what a path cannot: slashes, the empty value, any byte.
            String encoded =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            sb.append('/').append(name).append("@base64/").append(encoded.isEmpty() ? "=" : encoded);
        }
    }
}
