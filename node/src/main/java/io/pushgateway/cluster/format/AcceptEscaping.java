package io.pushgateway.cluster.format;

import io.pushgateway.cluster.model.EscapingScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code escaping=} parameter of a scrape's {@code Accept} header the way
 * prometheus/common's {@code expfmt.Negotiate} does: media ranges are taken by falling quality; a
 * known {@code escaping} value on any range up to and including the first range the gateway serves
 * sets the scheme (a later one overrides an earlier one, a range without it keeps it); unknown
 * values are ignored; without any, {@link EscapingScheme#DEFAULT}. So Prometheus 3, which puts
 * {@code escaping=allow-utf-8} on its preferred ranges, gets UTF-8 names even in the text format
 * 0.0.4, and older scrapers get escaped names.
 */
public final class AcceptEscaping {
    private static final String PROTOBUF = "application/vnd.google.protobuf";
    private static final String PROTO_PARAMETER = "io.prometheus.client.MetricFamily";

    private AcceptEscaping() {}

    private record MediaRange(String type, Map<String, String> params, double quality) {
        boolean wildcard() {
            return type.startsWith("*/") || type.endsWith("/*");
        }
    }

    public static EscapingScheme negotiate(String accept) {
        EscapingScheme scheme = EscapingScheme.DEFAULT;
        if (accept == null) {
            return scheme;
        }
        for (MediaRange range : byQuality(accept)) {
            EscapingScheme asked = EscapingScheme.fromParameter(range.params().get("escaping"));
            if (asked != null) {
                scheme = asked;
            }
            if (isServed(range)) {
                break;
            }
        }
        return scheme;
    }

    /**
     * The ranges the gateway answers with a format of its own: delimited/text protobuf, text 0.0.4
     * (or text/plain without a version), and OpenMetrics.
     */
    private static boolean isServed(MediaRange range) {
        String version = range.params().get("version");
        return switch (range.type()) {
            case PROTOBUF ->
                PROTO_PARAMETER.equals(range.params().get("proto"))
                        && List.of("delimited", "text", "compact-text")
                                .contains(range.params().get("encoding"));
            case "text/plain" -> version == null || version.isEmpty() || version.equals("0.0.4");
            case "application/openmetrics-text" -> true;
            default -> false;
        };
    }

    /** Highest quality first, concrete types before wildcards, otherwise in the order given. */
    private static List<MediaRange> byQuality(String accept) {
        List<MediaRange> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            double quality = 1;
            for (int i = 1; i < pieces.length; i++) {
                int eq = pieces[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pieces[i].substring(0, eq).trim();
                String value = pieces[i].substring(eq + 1).trim();
                if (name.equals("q")) {
                    try {
                        quality = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                } else {
                    params.put(name, value);
                }
            }
            ranges.add(new MediaRange(type, params, quality));
        }
        ranges.sort(Comparator.comparingDouble(MediaRange::quality).reversed().thenComparing(MediaRange::wildcard));
        return ranges;
    }
}
