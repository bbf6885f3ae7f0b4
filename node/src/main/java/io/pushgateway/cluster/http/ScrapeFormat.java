package io.pushgateway.cluster.http;

import io.pushgateway.cluster.format.ProtobufDelimitedParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The exposition format a scrape is answered in, chosen from its {@code Accept} header as
 * client_golang's negotiation does: media ranges by descending {@code q} (ties: the more specific
 * range first, then header order), and the first one this node serves wins. Text 0.0.4 is the
 * answer when nothing else is asked for, so scrapers that send no header get what upstream sends.
 */
record ScrapeFormat(Kind kind, String contentType) {
    enum Kind {
        TEXT,
        PROTOBUF,
        OPENMETRICS
    }

    static final ScrapeFormat TEXT = new ScrapeFormat(Kind.TEXT, "text/plain; version=0.0.4; charset=utf-8");
    static final ScrapeFormat PROTOBUF = new ScrapeFormat(Kind.PROTOBUF, ProtobufDelimitedParser.CONTENT_TYPE);
    static final ScrapeFormat OPENMETRICS_1_0_0 = openMetrics("1.0.0");
    static final ScrapeFormat OPENMETRICS_0_0_1 = openMetrics("0.0.1");

    private static ScrapeFormat openMetrics(String version) {
        return new ScrapeFormat(
                Kind.OPENMETRICS, "application/openmetrics-text; version=" + version + "; charset=utf-8");
    }

    /** One media range of an Accept header: type and subtype in lower case, parameters by lower-case name. */
    record MediaRange(String type, Map<String, String> params, double q, int position) {
        int specificity() {
            if (type.equals("*/*")) {
                return 0;
            }
            return type.endsWith("/*") ? 1 : 2;
        }
    }

    private static final Comparator<MediaRange> PREFERENCE = Comparator.comparingDouble(MediaRange::q)
            .reversed()
            .thenComparing(Comparator.comparingInt(MediaRange::specificity).reversed())
            .thenComparingInt(MediaRange::position);

    static ScrapeFormat negotiate(String accept) {
        return negotiate(accept, true);
    }

    /** @param openMetrics false: OpenMetrics ranges are passed over, as upstream does always */
    static ScrapeFormat negotiate(String accept, boolean openMetrics) {
        for (MediaRange range : preferred(accept)) {
            ScrapeFormat format = served(range);
            if (format != null && (openMetrics || format.kind() != Kind.OPENMETRICS)) {
                return format;
            }
        }
        return TEXT;
    }

    /** The format a media range names, or null if this node does not serve it. */
    private static ScrapeFormat served(MediaRange range) {
        String version = range.params().get("version");
        switch (range.type()) {
            case "application/vnd.google.protobuf":
                return "io.prometheus.client.MetricFamily".equals(range.params().get("proto"))
                                && "delimited".equals(range.params().get("encoding"))
                        ? PROTOBUF
                        : null;
            case "application/openmetrics-text":
                if ("1.0.0".equals(version)) {
                    return OPENMETRICS_1_0_0;
                }
                return version == null || version.equals("0.0.1") ? OPENMETRICS_0_0_1 : null;
            case "text/plain":
                return version == null || version.equals("0.0.4") ? TEXT : null;
            default:
                return null;
        }
    }

    /** The acceptable ranges of a header, most preferred first; ranges with {@code q=0} are refusals and left out. */
    static List<MediaRange> preferred(String accept) {
        List<MediaRange> ranges = new ArrayList<>();
        if (accept == null) {
            return ranges;
        }
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            MediaRange range = parse(parts[i], i);
            if (range != null && range.q() > 0) {
                ranges.add(range);
            }
        }
        ranges.sort(PREFERENCE);
        return ranges;
    }

    private static MediaRange parse(String text, int position) {
        String[] pieces = text.split(";");
        String type = pieces[0].trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        double q = 1;
        for (int i = 1; i < pieces.length; i++) {
            int eq = pieces[i].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = pieces[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(pieces[i].substring(eq + 1).trim());
            if (name.equals("q")) {
                q = quality(value);
            } else {
                params.put(name, value);
            }
        }
        return new MediaRange(type, params, q, position);
    }

    private static double quality(String value) {
        try {
            double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
