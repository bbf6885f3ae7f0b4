package io.pushgateway.cluster.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Random request sequences for {@link RandomDifferentialTest}: pushes (PUT and POST) with text
 * bodies, deletes, grouping keys written plainly, with base64 or with trailing slashes, and bodies
 * drawn from a small vocabulary of names so that types, suffixes ({@code _count}, {@code _sum},
 * {@code _bucket}) and label sets collide often; about one request in eight is invalid input.
 *
 * <p>Never generated: a {@code job@base64} segment that is not base64 (1.5.1 then keeps a handler
 * locked and hangs every later request, COMPATIBILITY.md §4), names of the gateways' own metrics, and
 * protobuf bodies (the differential table covers those case by case).
 */
final class RandomPushSequences {
    private static final String[] JOBS = {"j1", "j2", "a/b", "ü"};
    private static final String[] LABEL_VALUES = {"x", "y", "x/y"};
    private static final String[] NAMES = {"m", "m_count", "m_sum", "m_bucket", "h", "s", "c", "c_total"};
    private static final String[] TYPES = {"counter", "gauge", "untyped", "histogram", "summary"};
    private static final String[] SERIES_LABELS = {"l", "instance", "job", "a"};

    private final Random random;

    RandomPushSequences(Random random) {
        this.random = random;
    }

    /** A sequence of 20 to 60 requests. */
    List<Request> next() {
        int length = 20 + random.nextInt(41);
        List<Request> sequence = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            sequence.add(request());
        }
        return sequence;
    }

    private Request request() {
        int kind = random.nextInt(100);
        if (kind < 15) {
            return Request.delete(groupPath());
        }
        String path = kind < 18 ? invalidPath() : groupPath();
        String body = random.nextInt(10) == 0 ? invalidBody() : body();
        return random.nextBoolean() ? Request.put(path, body) : Request.post(path, body);
    }

    private String groupPath() {
        StringBuilder path = new StringBuilder("/metrics/");
        String job = pick(JOBS);
        if (job.contains("/") || random.nextInt(4) == 0) {
            path.append("job@base64/").append(base64(job));
        } else {
            path.append("job/").append(percentEncoded(job));
        }
        boolean extraLabel = random.nextInt(3) == 0;
        if (random.nextBoolean()) {
            // An empty instance (a grouping key other than none, COMPATIBILITY.md §1.3): by a trailing slash when it
            // ends the path ("//" would be a router redirect, not our contract), else by base64.
            // Rare: next to the same key without instance it is the "empty-instance trap", after which
            // 1.5.1 fails every scrape and the sequence ends (a documented difference).
            int choice = random.nextInt(16);
            if (choice > 0) {
                path.append("/instance/i").append(choice % 2);
            } else {
                path.append(extraLabel ? "/instance@base64/=" : "/instance/");
            }
        }
        if (extraLabel) {
            // An empty value is as rare as the empty instance, for the same reason.
            String value = random.nextInt(16) == 0 ? "" : pick(LABEL_VALUES);
            if (value.isEmpty() || value.contains("/") || random.nextBoolean()) {
                path.append("/a@base64/").append(base64(value));
            } else {
                path.append("/a/").append(value);
            }
        }
        return path.toString();
    }

    private String invalidPath() {
        // The last two end a sequence (documented differences), so they are the rarest.
        return switch (random.nextInt(10)) {
            case 0, 1 -> "/metrics/job/j1/a"; // odd number of components
            case 2, 3 -> "/metrics/job/j1/__a/x"; // reserved label name
            case 4, 5 -> "/metrics/job/j1/a@base64/a+b"; // not URL-safe base64
            case 6, 7 -> "/metrics/job@base64/="; // empty job
            case 8 -> "/metrics/job/j1/le/x"; // le as a grouping label
            default -> "/metrics/job/j1/a@base64/_w=="; // base64 of a byte that is not UTF-8
        };
    }

    private String body() {
        StringBuilder body = new StringBuilder();
        int families = random.nextInt(4); // 0: an empty push (PUT empties the group)
        for (int f = 0; f < families; f++) {
            String name = pick(NAMES);
            String type = random.nextInt(3) == 0 ? null : pick(TYPES);
            if (random.nextInt(4) == 0) {
                body.append("# HELP ").append(name).append(random.nextBoolean() ? " help one\n" : " help two\n");
            }
            if (type != null) {
                body.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            }
            int series = 1 + random.nextInt(2);
            for (int s = 0; s < series; s++) {
                String labels = seriesLabels();
                if ("histogram".equals(type)) {
                    histogram(body, name, labels);
                } else if ("summary".equals(type)) {
                    summary(body, name, labels);
                } else {
                    body.append(name)
                            .append(braces(labels))
                            .append(' ')
                            .append(value())
                            .append('\n');
                }
            }
        }
        return body.toString();
    }

    private void histogram(StringBuilder body, String name, String labels) {
        String prefix = labels.isEmpty() ? "" : labels + ",";
        long low = random.nextInt(3);
        long all = low + random.nextInt(3);
        body.append(name)
                .append("_bucket{")
                .append(prefix)
                .append("le=\"1\"} ")
                .append(low)
                .append('\n');
        body.append(name)
                .append("_bucket{")
                .append(prefix)
                .append("le=\"+Inf\"} ")
                .append(all)
                .append('\n');
        body.append(name)
                .append("_sum")
                .append(braces(labels))
                .append(' ')
                .append(value())
                .append('\n');
        body.append(name)
                .append("_count")
                .append(braces(labels))
                .append(' ')
                .append(all)
                .append('\n');
    }

    private void summary(StringBuilder body, String name, String labels) {
        String prefix = labels.isEmpty() ? "" : labels + ",";
        body.append(name)
                .append('{')
                .append(prefix)
                .append("quantile=\"0.5\"} ")
                .append(value())
                .append('\n');
        body.append(name)
                .append("_sum")
                .append(braces(labels))
                .append(' ')
                .append(value())
                .append('\n');
        body.append(name)
                .append("_count")
                .append(braces(labels))
                .append(' ')
                .append(random.nextInt(5))
                .append('\n');
    }

    private String invalidBody() {
        return switch (random.nextInt(7)) {
            case 0 -> "m 1"; // no final newline
            case 1 -> "m{l=1} 1\n"; // unquoted label value
            case 2 -> "m abc\n"; // value not a float
            case 3 -> "m 1 1000\n"; // a timestamp
            case 4 -> "m 1\nm 2\n"; // the same series twice
            case 5 -> "# TYPE m counter\nm 1\n# TYPE m gauge\n"; // second TYPE
            default ->
                random.nextInt(3) == 0 // a negative bucket: ends the sequence
                        ? "# TYPE h histogram\nh_bucket{le=\"+Inf\"} -7\nh_sum 1\nh_count 1\n"
                        : "m{l=\"x\"} 1\nm{l=\"x\"} 2\n";
        };
    }

    private String seriesLabels() {
        if (random.nextBoolean()) {
            return "";
        }
        String name = pick(SERIES_LABELS);
        return name + "=\"" + (random.nextInt(4) == 0 ? "" : pick(LABEL_VALUES).replace("/", "")) + "\"";
    }

    private String value() {
        return switch (random.nextInt(6)) {
            case 0 -> "0";
            case 1 -> "-1.5";
            case 2 -> "1e3";
            case 3 -> "NaN";
            default -> Integer.toString(random.nextInt(100));
        };
    }

    private static String braces(String labels) {
        return labels.isEmpty() ? "" : "{" + labels + "}";
    }

    private static String base64(String value) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        return encoded.isEmpty() ? "=" : encoded;
    }

    private static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && Character.isLetterOrDigit(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
