package io.pushgateway.cluster.migrate;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the groups of a gateway from its {@code /api/v1/metrics} answer: the Go Pushgateway's shape
 * (numbers as Go-formatted strings, one key per family next to {@code labels} and
 * {@code last_push_successful}), which a node answers too, with {@code ttl_seconds} added.
 *
 * <p>The JSON of Go 1.5.1 shows a histogram only by its classic buckets, so histograms are taken
 * from the source's protobuf scrape when one is given ({@link HistogramSeries}): that keeps native
 * buckets, float counts and exemplars. The push time of a group is the {@code time_stamp} of its
 * {@code push_time_seconds} family, which holds all nine digits of the nanoseconds where the gauge's
 * value, a double, keeps about seven.
 */
final class MetricsApiReader {
    static final String PUSH_TIME = "push_time_seconds";
    static final String FAILURE_TIME = "push_failure_time_seconds";
    /** Keys of a group object that are not families. */
    private static final List<String> NOT_FAMILIES =
            List.of("labels", "last_push_successful", "ttl_seconds", "expires_at");

    /** What was read: the groups, and for each group that could not be read its key and the reason. */
    record Read(List<SourceGroup> groups, Map<String, String> unreadable) {}

    /** A group the reader cannot turn into families. */
    static final class UnreadableGroupException extends Exception {
        UnreadableGroupException(String message) {
            super(message, null, false, false);
        }
    }

    private MetricsApiReader() {}

    /** Reads the answer; throws IllegalArgumentException if it is not the metrics API's JSON at all. */
    static Read read(byte[] json, HistogramSeries histograms) {
        JsonArray data;
        try {
            JsonObject answer = new JsonObject(Buffer.buffer(json));
            data = answer.getJsonArray("data");
            if (!"success".equals(answer.getString("status")) || data == null) {
                throw new IllegalArgumentException("not a success answer with a data list");
            }
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not JSON of /api/v1/metrics: " + e.getMessage());
        }
        List<SourceGroup> groups = new ArrayList<>(data.size());
        Map<String, String> unreadable = new TreeMap<>();
        for (Object item : data) {
            if (!(item instanceof JsonObject group)) {
                unreadable.put(String.valueOf(item), "not a group object");
                continue;
            }
            try {
                groups.add(group(group, histograms));
            } catch (UnreadableGroupException | RuntimeException e) {
                Object labels = group.getValue("labels");
                unreadable.put(
                        labels instanceof JsonObject pairs
                                ? SourceGroup.describe(strings(pairs))
                                : String.valueOf(labels),
                        e.getMessage());
            }
        }
        return new Read(groups, unreadable);
    }

    /** Whether any group of the answer holds a histogram, so that the protobuf scrape is worth reading. */
    static boolean hasHistograms(byte[] json) {
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        return text.contains("\"HISTOGRAM\"") || text.contains("\"GAUGE_HISTOGRAM\"");
    }

    private static SourceGroup group(JsonObject json, HistogramSeries histograms) throws UnreadableGroupException {
        JsonObject labelsJson = json.getJsonObject("labels");
        if (labelsJson == null || labelsJson.getString("job") == null) {
            throw new UnreadableGroupException("no job label");
        }
        Map<String, String> labels = strings(labelsJson);
        long push = groupTime(json.getJsonObject(PUSH_TIME));
        long failure = groupTime(json.getJsonObject(FAILURE_TIME));
        List<Metrics.MetricFamily> families = new ArrayList<>();
        Map<String, Long> familyTimes = new HashMap<>();
        for (String name : json.fieldNames()) {
            if (NOT_FAMILIES.contains(name) || name.equals(PUSH_TIME) || name.equals(FAILURE_TIME)) {
                continue;
            }
            if (!(json.getValue(name) instanceof JsonObject family)) {
                continue;
            }
            families.add(family(name, family, histograms));
            String stamp = family.getString("time_stamp");
            if (stamp != null) {
                long time = timeStamp(stamp);
                if (time != push) {
                    familyTimes.put(name, time);
                }
            }
        }
        String ttl = json.getString("ttl_seconds");
        // A node's TTL, in whole milliseconds as the TTL parameter takes it ("1e+06" seconds is not a duration).
        String ttlParameter = ttl == null ? null : Math.round(GoNumber.parse(ttl) * 1000) + "ms";
        return new SourceGroup(labels, families, push, failure, familyTimes, ttlParameter);
    }

    /**
     * A push or failure time: 0 where the gauge says 0 ("never"; the family's time stamp is then
     * the other time), else its time stamp, unless that disagrees with the value.
     */
    private static long groupTime(JsonObject family) throws UnreadableGroupException {
        if (family == null) {
            return 0;
        }
        JsonArray metrics = family.getJsonArray("metrics");
        if (metrics == null || metrics.isEmpty()) {
            return 0;
        }
        String value = metrics.getJsonObject(0).getString("value");
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new UnreadableGroupException("push time is not a number: " + value);
        }
        if (seconds.signum() == 0) {
            return 0;
        }
        long fromValue =
                seconds.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValue();
        String stamp = family.getString("time_stamp");
        if (stamp != null) {
            long fromStamp = timeStamp(stamp);
            if (Math.abs(fromStamp - fromValue) < 1_000_000) {
                return fromStamp;
            }
        }
        return fromValue;
    }

    private static long timeStamp(String rfc3339) throws UnreadableGroupException {
        try {
            var instant = OffsetDateTime.parse(rfc3339).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UnreadableGroupException("time_stamp is not RFC 3339: " + rfc3339);
        }
    }

    private static Metrics.MetricFamily family(String name, JsonObject json, HistogramSeries histograms)
            throws UnreadableGroupException {
        Metrics.MetricType type;
        try {
            type = Metrics.MetricType.valueOf(json.getString("type", ""));
        } catch (IllegalArgumentException e) {
            throw new UnreadableGroupException("family " + name + " has an unknown type: " + json.getString("type"));
        }
        Metrics.MetricFamily.Builder family =
                Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        String help = json.getString("help");
        if (help != null) {
            family.setHelp(help);
        }
        JsonArray metrics = json.getJsonArray("metrics", new JsonArray());
        for (Object item : metrics) {
            JsonObject metric = (JsonObject) item;
            Map<String, String> labels = strings(metric.getJsonObject("labels", new JsonObject()));
            Metrics.Metric.Builder series = Metrics.Metric.newBuilder();
            labels.forEach((n, v) ->
                    series.addLabel(Metrics.LabelPair.newBuilder().setName(n).setValue(v)));
            switch (type) {
                case COUNTER -> series.setCounter(Metrics.Counter.newBuilder().setValue(number(metric, "value")));
                case GAUGE -> series.setGauge(Metrics.Gauge.newBuilder().setValue(number(metric, "value")));
                case UNTYPED -> series.setUntyped(Metrics.Untyped.newBuilder().setValue(number(metric, "value")));
                case SUMMARY -> series.setSummary(summary(metric));
                case HISTOGRAM, GAUGE_HISTOGRAM -> series.setHistogram(histogram(name, labels, metric, histograms));
                default ->
                    throw new UnreadableGroupException(
                            "family " + name + " has type " + type + ", which cannot be imported");
            }
            family.addMetric(series);
        }
        return family.build();
    }

    private static Metrics.Summary summary(JsonObject metric) throws UnreadableGroupException {
        Metrics.Summary.Builder summary = Metrics.Summary.newBuilder()
                .setSampleCount(unsigned(metric, "count"))
                .setSampleSum(number(metric, "sum"));
        TreeMap<Double, Double> quantiles = new TreeMap<>();
        JsonObject json = metric.getJsonObject("quantiles", new JsonObject());
        for (String q : json.fieldNames()) {
            quantiles.put(GoNumber.parse(q), GoNumber.parse(json.getString(q)));
        }
        quantiles.forEach((q, v) ->
                summary.addQuantile(Metrics.Quantile.newBuilder().setQuantile(q).setValue(v)));
        return summary.build();
    }

    /** The histogram of the protobuf scrape, else its classic buckets as the JSON shows them. */
    private static Metrics.Histogram histogram(
            String name, Map<String, String> labels, JsonObject metric, HistogramSeries histograms)
            throws UnreadableGroupException {
        Metrics.Histogram scraped = histograms.find(name, labels);
        if (scraped != null) {
            return scraped;
        }
        if (!(metric.getValue("buckets") instanceof JsonObject buckets)) {
            throw new UnreadableGroupException("native histogram " + name + labels
                    + " is not in the source's protobuf scrape, and its JSON buckets cannot be imported");
        }
        Metrics.Histogram.Builder histogram = Metrics.Histogram.newBuilder().setSampleSum(number(metric, "sum"));
        double count = number(metric, "count");
        if (count == Math.rint(count)) {
            histogram.setSampleCount((long) count);
        } else {
            histogram.setSampleCountFloat(count);
        }
        TreeMap<Double, Double> sorted = new TreeMap<>();
        for (String bound : buckets.fieldNames()) {
            sorted.put(GoNumber.parse(bound), GoNumber.parse(buckets.getString(bound)));
        }
        sorted.forEach((bound, cumulative) -> {
            Metrics.Bucket.Builder bucket = Metrics.Bucket.newBuilder().setUpperBound(bound);
            if (cumulative == Math.rint(cumulative)) {
                bucket.setCumulativeCount(cumulative.longValue());
            } else {
                bucket.setCumulativeCountFloat(cumulative);
            }
            histogram.addBucket(bucket);
        });
        return histogram.build();
    }

    private static double number(JsonObject json, String key) throws UnreadableGroupException {
        String text = json.getString(key);
        try {
            return GoNumber.parse(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new UnreadableGroupException(key + " is not a number: " + text);
        }
    }

    private static long unsigned(JsonObject json, String key) throws UnreadableGroupException {
        String text = json.getString(key);
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return (long) number(json, key);
        }
    }

    private static Map<String, String> strings(JsonObject json) {
        Map<String, String> map = new TreeMap<>();
        for (String name : json.fieldNames()) {
            map.put(name, String.valueOf(json.getValue(name)));
        }
        return map;
    }
}
