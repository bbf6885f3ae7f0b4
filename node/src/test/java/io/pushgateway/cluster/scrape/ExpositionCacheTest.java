package io.pushgateway.cluster.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.hazelcast.GroupsForTests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExpositionCacheTest {
    private static final int FAMILIES = 8;

    @Test
    void aScrapeNeverShowsHalfOfAChange() throws Exception {
        ExpositionCache cache = new ExpositionCache();
        GroupKey key = GroupKey.of("job", "atomic");
        Group[] current = {GroupsForTests.group(key, 1, families(0))};
        cache.changed(null, current[0]);
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int n = 1; n <= 3000; n++) {
                Group next = GroupsForTests.group(key, n + 1, families(n));
                cache.changed(current[0], next);
                current[0] = next;
            }
            done.set(true);
        });
        writer.start();
        Pattern value = Pattern.compile("^f\\d\\{instance=\"\",job=\"atomic\"} (\\S+)$", Pattern.MULTILINE);
        int scrapes = 0;
        while (!done.get() || scrapes == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            cache.writeText(out, Map.of());
            Matcher m = value.matcher(out.toString(StandardCharsets.UTF_8));
            Set<String> values = new HashSet<>();
            int found = 0;
            while (m.find()) {
                values.add(m.group(1));
                found++;
            }
            assertEquals(FAMILIES, found, "every family of the group, in every scrape");
            assertEquals(1, values.size(), "one change, not parts of two: " + values);
            scrapes++;
        }
        writer.join();
        assertTrue(scrapes > 0);
    }

    @Test
    void typeConflictsRenderDeterministically() {
        ExpositionCache cache = new ExpositionCache();
        cache.changed(
                null,
                GroupsForTests.group(
                        GroupKey.of("job", "b"), 1, Map.of("m", family("m", "b", Metrics.MetricType.COUNTER, 2))));
        cache.changed(
                null,
                GroupsForTests.group(
                        GroupKey.of("job", "a"), 1, Map.of("m", family("m", "a", Metrics.MetricType.GAUGE, 1))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeText(out, Map.of());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("# TYPE m gauge\nm{instance=\"\",job=\"a\"} 1\n"), text);
        assertTrue(!text.contains("job=\"b\"} 2"), "the other type is left out");
        assertEquals(1, cache.conflictingSeries());
    }

    @Test
    void protobufScrapeIsTheMergedFamiliesMessageForMessage() throws Exception {
        ExpositionCache cache = new ExpositionCache();
        Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder()
                .setName("h")
                .setHelp("latency \u00e9")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder()
                                .setName("instance")
                                .setValue(""))
                        .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue("a"))
                        .setHistogram(Metrics.Histogram.newBuilder()
                                .setSampleCount(3)
                                .setSampleSum(1.5)
                                .addBucket(Metrics.Bucket.newBuilder()
                                        .setUpperBound(1)
                                        .setCumulativeCount(2))))
                .build();
        cache.changed(
                null,
                GroupsForTests.group(
                        GroupKey.of("job", "a"),
                        1,
                        Map.of(
                                "h",
                                histogram,
                                "m",
                                family("m", "a", Metrics.MetricType.GAUGE, 1),
                                "z",
                                family("z", "a", Metrics.MetricType.COUNTER, 0))));
        cache.changed(
                null,
                GroupsForTests.group(
                        GroupKey.of("job", "b"),
                        1,
                        Map.of(
                                "m",
                                family("m", "b", Metrics.MetricType.COUNTER, 2),
                                "z",
                                family("z", "b", Metrics.MetricType.COUNTER, 7))));
        Map<String, Metrics.MetricFamily> own = Map.of("z", family("z", "own", Metrics.MetricType.COUNTER, 9));

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Metrics.MetricFamily family : cache.protobufFamilies(own)) {
            family.writeDelimitedTo(expected);
        }
        for (int scrape = 0; scrape < 2; scrape++) {
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            cache.writeProtobuf(written, own, EscapingScheme.ALLOW_UTF8);
            assertEquals(parse(expected.toByteArray()), parse(written.toByteArray()), "scrape " + scrape);
        }
        assertEquals(
                List.of("h", "m", "push_failure_time_seconds", "push_time_seconds", "z"),
                parse(expected.toByteArray()).stream()
                        .map(Metrics.MetricFamily::getName)
                        .toList());
    }

    @Test
    void aChangeRendersOnlyTheChangedGroupsBlockAndTheScrapeEqualsAFreshRender() throws Exception {
        ExpositionCache cache = new ExpositionCache();
        GroupKey a = GroupKey.of("job", "a");
        GroupKey b = GroupKey.of("job", "b");
        GroupKey c = GroupKey.of("job", "c");
        // Pushed in the opposite order of the keys, series of a group not in the Pushgateway's order.
        Group groupC = GroupsForTests.group(c, 1, Map.of("m", twoSeries("c", 5)));
        Group groupB = GroupsForTests.group(b, 1, Map.of("m", twoSeries("b", 3)));
        Group groupA = GroupsForTests.group(a, 1, Map.of("m", twoSeries("a", 1)));
        cache.changed(null, groupC);
        cache.changed(null, groupB);
        cache.changed(null, groupA);
        assertEquals(gzipped(cache), text(cache), "a gzip scrape, from cached segments, says the same");
        RenderedFamily partA = cache.part("m", a);
        RenderedFamily partC = cache.part("m", c);
        RenderedFamily partB = cache.part("m", b);

        Group changedB = GroupsForTests.group(b, 2, Map.of("m", twoSeries("b", 4)));
        cache.changed(groupB, changedB);
        assertSame(partA, cache.part("m", a), "an unchanged group's block is kept");
        assertSame(partC, cache.part("m", c));
        assertNotSame(partB, cache.part("m", b), "the changed group's block is rendered again");

        ExpositionCache fresh = new ExpositionCache();
        for (Group group : List.of(groupA, changedB, groupC)) {
            fresh.changed(null, group);
        }
        String scrape = text(cache);
        assertEquals(text(fresh), scrape);
        assertEquals(gzipped(cache), scrape);
        // Groups in the order of their keys; within a group, fewer labels first, then by values.
        assertTrue(
                scrape.contains("# TYPE m gauge\n"
                        + "m{instance=\"\",job=\"a\"} 2\nm{instance=\"\",job=\"a\",x=\"1\"} 1\n"
                        + "m{instance=\"\",job=\"b\"} 5\nm{instance=\"\",job=\"b\",x=\"1\"} 4\n"
                        + "m{instance=\"\",job=\"c\"} 6\nm{instance=\"\",job=\"c\",x=\"1\"} 5\n"),
                scrape);
        ByteArrayOutputStream protobuf = new ByteArrayOutputStream();
        cache.writeProtobuf(protobuf, Map.of(), EscapingScheme.ALLOW_UTF8);
        ByteArrayOutputStream freshProtobuf = new ByteArrayOutputStream();
        fresh.writeProtobuf(freshProtobuf, Map.of(), EscapingScheme.ALLOW_UTF8);
        assertEquals(parse(freshProtobuf.toByteArray()), parse(protobuf.toByteArray()));
    }

    @Test
    void aSeriesHeldByTwoGroupsShowsOnceFromTheFirstAndComesBackFromTheOtherWhenTheFirstGoes() {
        ExpositionCache cache = new ExpositionCache();
        Group first = GroupsForTests.group(GroupKey.of("job", "a"), 1, Map.of("m", sameSeries(1, 7)));
        Group second = GroupsForTests.group(GroupKey.of("job", "b"), 1, Map.of("m", sameSeries(2, 8)));
        cache.changed(null, second);
        cache.changed(null, first);
        String scrape = text(cache);
        assertTrue(scrape.contains("# TYPE m gauge\nm{x=\"a7\"} 1\nm{x=\"shared\"} 1\nm{x=\"a8\"} 2\n"), scrape);
        assertEquals(1, cache.conflictingSeries());
        cache.changed(first, null);
        scrape = text(cache);
        assertTrue(scrape.contains("# TYPE m gauge\nm{x=\"a8\"} 2\nm{x=\"shared\"} 2\n"), scrape);
        assertEquals(0, cache.conflictingSeries());
    }

    @Test
    void blocksKeptWithoutTheirNamesAreWrittenAsTheTextFormatHasThem() {
        ExpositionCache cache = new ExpositionCache();
        Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder()
                .setName("h")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue("line\nbreak"))
                        .setHistogram(Metrics.Histogram.newBuilder()
                                .setSampleCount(3)
                                .setSampleSum(1.5)
                                .addBucket(Metrics.Bucket.newBuilder()
                                        .setUpperBound(1)
                                        .setCumulativeCount(2))))
                .build();
        cache.changed(null, GroupsForTests.group(GroupKey.of("job", "a"), 1, Map.of("h", histogram)));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        io.pushgateway.cluster.format.TextFormatWriter.writeHeader(expected, "h", null, Metrics.MetricType.HISTOGRAM);
        expected.writeBytes(io.pushgateway.cluster.format.TextFormatWriter.renderSeries(
                "h", Metrics.MetricType.HISTOGRAM, histogram.getMetric(0)));
        assertTrue(text(cache).startsWith(expected.toString(StandardCharsets.UTF_8)), text(cache));
        assertTrue(cache.part("h", GroupKey.of("job", "a")).shape.linesWithoutName());
    }

    @Test
    void aFamilyWithoutSeriesIsNotShown() {
        ExpositionCache cache = new ExpositionCache();
        cache.changed(
                null,
                GroupsForTests.group(
                        GroupKey.of("job", "a"),
                        1,
                        Map.of(
                                "empty",
                                        Metrics.MetricFamily.newBuilder()
                                                .setName("empty")
                                                .setHelp("h")
                                                .setType(Metrics.MetricType.GAUGE)
                                                .build(),
                                "m", family("m", "a", Metrics.MetricType.GAUGE, 1))));
        assertFalse(text(cache).contains("empty"), text(cache));
    }

    /** Two series, the one with more labels first. */
    private static Metrics.MetricFamily twoSeries(String job, double value) {
        return Metrics.MetricFamily.newBuilder()
                .setName("m")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder()
                                .setName("instance")
                                .setValue(""))
                        .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue(job))
                        .addLabel(Metrics.LabelPair.newBuilder().setName("x").setValue("1"))
                        .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder()
                                .setName("instance")
                                .setValue(""))
                        .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue(job))
                        .setGauge(Metrics.Gauge.newBuilder().setValue(value + 1)))
                .build();
    }

    /** A series {x="shared"} and one of its own, {x="a<own>"}, both of this value. */
    private static Metrics.MetricFamily sameSeries(double value, int own) {
        Metrics.MetricFamily.Builder family =
                Metrics.MetricFamily.newBuilder().setName("m").setType(Metrics.MetricType.GAUGE);
        for (String x : List.of("shared", "a" + own)) {
            family.addMetric(Metrics.Metric.newBuilder()
                    .addLabel(Metrics.LabelPair.newBuilder().setName("x").setValue(x))
                    .setGauge(Metrics.Gauge.newBuilder().setValue(value)));
        }
        return family.build();
    }

    private static String text(ExpositionCache cache) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeText(out, Map.of());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String gzipped(ExpositionCache cache) throws IOException {
        ScrapeBody body = cache.scrape(Map.of(), EscapingScheme.ALLOW_UTF8, false, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        for (byte[] part : body.parts()) {
            compressed.writeBytes(part);
        }
        try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Metrics.MetricFamily> parse(byte[] delimited) throws IOException {
        List<Metrics.MetricFamily> families = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(delimited);
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            families.add(family);
        }
        return families;
    }

    private static Map<String, Metrics.MetricFamily> families(int value) {
        Map<String, Metrics.MetricFamily> families = new java.util.TreeMap<>();
        for (int i = 0; i < FAMILIES; i++) {
            families.put("f" + i, family("f" + i, "atomic", Metrics.MetricType.GAUGE, value));
        }
        return families;
    }

    private static Metrics.MetricFamily family(String name, String job, Metrics.MetricType type, double value) {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder()
                .addLabel(Metrics.LabelPair.newBuilder().setName("instance").setValue(""))
                .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue(job));
        if (type == Metrics.MetricType.COUNTER) {
            metric.setCounter(Metrics.Counter.newBuilder().setValue(value));
        } else {
            metric.setGauge(Metrics.Gauge.newBuilder().setValue(value));
        }
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(type)
                .addMetric(metric)
                .build();
    }
}
