package io.pushgateway.cluster.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.hazelcast.GroupsForTests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cached scrape under every escaping scheme, while groups with UTF-8 names come and go. */
class EscapedExpositionTest {
    private final ExpositionCache cache = new ExpositionCache();

    @Test
    void cachedBytesServeUtf8ScrapersAndEscapedFamiliesAreRenderedForTheOthers() {
        Group dotted = GroupsForTests.group(GroupKey.of("job", "a"), 1, Map.of("m.x", gauge("m.x", "a", "l.y", 1)));
        Group plain = GroupsForTests.group(GroupKey.of("job", "b"), 1, Map.of("m.x", gauge("m.x", "b", "l", 2)));
        cache.changed(null, dotted);
        cache.changed(null, plain);
        for (int round = 0; round < 2; round++) { // the second round reads what the first one cached
            assertEquals(
                    "# TYPE \"m.x\" gauge\n{\"m.x\",instance=\"\",job=\"a\",\"l.y\"=\"v\"} 1\n"
                            + "{\"m.x\",instance=\"\",job=\"b\",l=\"v\"} 2\n",
                    stored(scrape(EscapingScheme.ALLOW_UTF8)));
            assertEquals(
                    "# TYPE m_x gauge\nm_x{instance=\"\",job=\"a\",l_y=\"v\"} 1\nm_x{instance=\"\",job=\"b\",l=\"v\"} 2\n",
                    stored(scrape(EscapingScheme.UNDERSCORES)));
            assertEquals(
                    "# TYPE U__m_2e_x gauge\nU__m_2e_x{instance=\"\",job=\"a\",U__l_2e_y=\"v\"} 1\n"
                            + "U__m_2e_x{instance=\"\",job=\"b\",l=\"v\"} 2\n",
                    stored(scrape(EscapingScheme.VALUES)));
        }
        List<Metrics.MetricFamily> protobuf = cache.protobufFamilies(Map.of(), EscapingScheme.DOTS);
        assertTrue(protobuf.stream().anyMatch(f -> f.getName().equals("m_dot_x")));
    }

    @Test
    void aClassicFamilyLosesItsEscapingWithItsLastUtf8LabelName() {
        Group utf8 = GroupsForTests.group(GroupKey.of("job", "a"), 1, Map.of("m", gauge("m", "a", "l.y", 1)));
        Group classic = GroupsForTests.group(GroupKey.of("job", "a"), 2, Map.of("m", gauge("m", "a", "l", 1)));
        cache.changed(null, utf8);
        assertTrue(stored(scrape(EscapingScheme.UNDERSCORES)).contains("m{instance=\"\",job=\"a\",l_y=\"v\"} 1\n"));
        cache.changed(utf8, classic);
        String text = stored(scrape(EscapingScheme.UNDERSCORES));
        assertEquals("# TYPE m gauge\nm{instance=\"\",job=\"a\",l=\"v\"} 1\n", text);
        assertEquals(text, stored(scrape(EscapingScheme.ALLOW_UTF8)));
        cache.changed(classic, null);
        assertFalse(scrape(EscapingScheme.UNDERSCORES).contains("# TYPE m "));
    }

    private String scrape(EscapingScheme scheme) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeText(out, Map.of(), scheme);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The scrape without the push time families every group has. */
    private static String stored(String scrape) {
        return scrape.replaceAll("(?m)^(# (HELP|TYPE) )?push_(failure_)?time_seconds.*\n", "");
    }

    private static Metrics.MetricFamily gauge(String name, String job, String label, double value) {
        Metrics.Metric metric = Metrics.Metric.newBuilder()
                .addLabel(Metrics.LabelPair.newBuilder().setName("instance").setValue(""))
                .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue(job))
                .addLabel(Metrics.LabelPair.newBuilder().setName(label).setValue("v"))
                .setGauge(Metrics.Gauge.newBuilder().setValue(value))
                .build();
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(metric)
                .build();
    }
}
