package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a body of varint-length-delimited {@code io.prometheus.client.MetricFamily} messages, as
 * the Pushgateway does: a repeated family name replaces the earlier family, a truncated message is
 * {@code unexpected EOF}. A histogram with a negative count is refused (see
 * {@link HistogramPopulations}).
 */
public final class ProtobufDelimitedParser {
    public static final String CONTENT_TYPE =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static final String PROTOBUF_TYPE = "application/vnd.google.protobuf";

    private ProtobufDelimitedParser() {}

    public static Map<String, Metrics.MetricFamily> parse(byte[] body) throws BodyParseException {
        Map<String, Metrics.MetricFamily> families = new LinkedHashMap<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        while (in.available() > 0) {
            Metrics.MetricFamily family;
            try {
                family = Metrics.MetricFamily.parseDelimitedFrom(in);
            } catch (IOException e) {
                throw new BodyParseException("unexpected EOF");
            }
            if (family == null) {
                break;
            }
            if (!family.isInitialized()) {
                throw new BodyParseException("unexpected EOF");
            }
            String negative = HistogramPopulations.firstNegative(family);
            if (negative != null) {
                throw new BodyParseException(negative);
            }
            families.put(family.getName(), family);
        }
        return families;
    }

    /**
     * Whether a Content-Type names this format: media type and parameter names compared without
     * case, parameter values exactly, as upstream does. Anything else is read as text.
     */
    public static boolean isProtobuf(String contentType) {
        if (contentType == null
                || !contentType.regionMatches(
                        true, leadingSpaces(contentType), PROTOBUF_TYPE, 0, PROTOBUF_TYPE.length())) {
            return false; // text, the usual push: nothing split
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(PROTOBUF_TYPE)) {
            return false;
        }
        String proto = null;
        String encoding = null;
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = parts[i].substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
            String value = unquote(parts[i].substring(eq + 1).trim());
            if (name.equals("proto")) {
                proto = value;
            } else if (name.equals("encoding")) {
                encoding = value;
            }
        }
        return "io.prometheus.client.MetricFamily".equals(proto) && "delimited".equals(encoding);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** Where the media type starts, past what {@link String#trim} would take off. */
    private static int leadingSpaces(String value) {
        int at = 0;
        while (at < value.length() && value.charAt(at) <= ' ') {
            at++;
        }
        return at;
    }
}
