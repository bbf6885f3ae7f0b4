package io.pushgateway.cluster.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact key orders and tells series apart exactly as {@link Labels} does. */
class SeriesKeyTest {
    /** Values that are prefixes of each other, empty, non-ASCII and beyond the BMP. */
    private static final List<String> VALUES = List.of(
            "",
            "a",
            "ab",
            "b",
            "a\u00e9",
            "\u00e9",
            "\uffff",
            "\ud83d\ude00",
            "z".repeat(200),
            "z".repeat(201),
            "1",
            "10",
            "9");

    private static final List<String> NAMES = List.of("instance", "job", "le", "quantile", "x");

    @Test
    void ordersAndComparesLikeLabels() {
        Random random = new Random(42);
        List<Metrics.Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            metrics.add(randomMetric(random));
        }
        for (Metrics.Metric a : metrics) {
            for (Metrics.Metric b : metrics) {
                Labels la = SeriesLabels.of(a);
                Labels lb = SeriesLabels.of(b);
                SeriesKey ka = SeriesKey.of(a);
                // One key built from the message, the other a view into an encoded family holding it.
                SeriesKey kb = SeriesKey.ofFamily(encodedFamily(b))[0];
                assertEquals(
                        Integer.signum(Labels.compareForExposition(la, lb)),
                        Integer.signum(SeriesKey.compareForExposition(ka, kb)),
                        la + " vs " + lb);
                assertEquals(la.equals(lb), ka.equals(kb), la + " vs " + lb);
                assertEquals(la.equals(lb), SeriesKey.of(la).equals(kb), la + " vs " + lb);
                if (ka.equals(kb)) {
                    assertEquals(ka.hashCode(), kb.hashCode());
                }
            }
        }
    }

    @Test
    void anAbsentLabelValueIsTheEmptyOne() {
        Metrics.Metric empty = Metrics.Metric.newBuilder()
                .addLabel(Metrics.LabelPair.newBuilder().setName("instance").setValue(""))
                .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue("j"))
                .setGauge(Metrics.Gauge.newBuilder().setValue(1))
                .build();
        Metrics.Metric absent = Metrics.Metric.newBuilder()
                .addLabel(Metrics.LabelPair.newBuilder().setName("instance"))
                .addLabel(Metrics.LabelPair.newBuilder().setName("job").setValue("j"))
                .setTimestampMs(5)
                .build();
        SeriesKey[] keys = SeriesKey.ofFamily(Metrics.MetricFamily.newBuilder()
                .setName("m")
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(empty)
                .addMetric(absent)
                .build()
                .toByteArray());
        assertEquals(2, keys.length);
        assertEquals(keys[0], keys[1]);
        assertEquals(keys[0].hashCode(), keys[1].hashCode());
        assertEquals(SeriesKey.of(empty), keys[1]);
        assertEquals(0, SeriesKey.compareForExposition(SeriesKey.of(absent), keys[0]));
    }

    private static byte[] encodedFamily(Metrics.Metric metric) {
        return Metrics.MetricFamily.newBuilder()
                .setName("m")
                .setHelp("h")
                .setType(Metrics.MetricType.COUNTER)
                .addMetric(metric.toBuilder()
                        .setCounter(Metrics.Counter.newBuilder().setValue(1)))
                .build()
                .toByteArray();
    }

    private static Metrics.Metric randomMetric(Random random) {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder();
        int pairs = random.nextInt(3);
        int name = 0;
        for (int i = 0; i < pairs; i++) {
            // Sorted, distinct names, as the sanitiser leaves them; sometimes the same names with other values.
            name += 1 + random.nextInt(2);
            metric.addLabel(Metrics.LabelPair.newBuilder()
                    .setName(NAMES.get(Math.min(name, NAMES.size() - 1)) + i)
                    .setValue(VALUES.get(random.nextInt(VALUES.size()))));
        }
        return metric.build();
    }
}
