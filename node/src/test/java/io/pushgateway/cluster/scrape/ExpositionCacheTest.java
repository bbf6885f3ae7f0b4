package io.pushgateway.cluster.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        cache.changed(null, GroupsForTests.group(GroupKey.of("job", "b"), 1, Map.of("m", family("m", "b", Metrics.MetricType.COUNTER, 2))));
        cache.changed(null, GroupsForTests.group(GroupKey.of("job", "a"), 1, Map.of("m", family("m", "a", Metrics.MetricType.GAUGE, 1))));
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
        Metrics.MetricFamily histogram = Metrics.MetricFamily.newBuilder().setName("h").setHelp("latency \u00e9")
                .setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder()
                        .addLabel(Metrics.LabelPair.newBuilder().setName("instance").setValue(""))
                        .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue("a"))
                        .setHistogram(Metrics.Histogram.newBuilder().setSampleCount(3).setSampleSum(1.5)
                                .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(2))))
                .build();
        cache.changed(null, GroupsForTests.group(GroupKey.of("job", "a"), 1, Map.of("h", histogram,
                "m", family("m", "a", Metrics.MetricType.GAUGE, 1), "z", family("z", "a", Metrics.MetricType.COUNTER, 0))));
        cache.changed(null, GroupsForTests.group(GroupKey.of("job", "b"), 1, Map.of(
                "m", family("m", "b", Metrics.MetricType.COUNTER, 2), "z", family("z", "b", Metrics.MetricType.COUNTER, 7))));
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
        assertEquals(List.of("h", "m", "push_failure_time_seconds", "push_time_seconds", "z"),
                parse(expected.toByteArray()).stream().map(Metrics.MetricFamily::getName).toList());
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
        return Metrics.MetricFamily.newBuilder().setName(name).setType(type).addMetric(metric).build();
    }
}
