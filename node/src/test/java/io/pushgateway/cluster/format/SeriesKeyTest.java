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
    private static final List<String> VALUES = List.of("", "a", "ab", "b", "a\u00e9", "\u00e9", "\uffff", "\ud83d\ude00",
            "z".repeat(200), "z".repeat(201), "1", "10", "9");
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
                SeriesKey kb = SeriesKey.of(b);
                assertEquals(Integer.signum(Labels.compareForExposition(la, lb)),
                        Integer.signum(SeriesKey.compareForExposition(ka, kb)), la + " vs " + lb);
                assertEquals(la.equals(lb), ka.equals(kb), la + " vs " + lb);
                if (ka.equals(kb)) {
                    assertEquals(ka.hashCode(), kb.hashCode());
                }
            }
        }
    }

    private static Metrics.Metric randomMetric(Random random) {
        Metrics.Metric.Builder metric = Metrics.Metric.newBuilder();
        int pairs = random.nextInt(3);
        int name = 0;
        for (int i = 0; i < pairs; i++) {
            // Sorted, distinct names, as the sanitiser leaves them; sometimes the same names with other values.
            name += 1 + random.nextInt(2);
            metric.addLabel(Metrics.LabelPair.newBuilder().setName(NAMES.get(Math.min(name, NAMES.size() - 1)) + i)
                    .setValue(VALUES.get(random.nextInt(VALUES.size()))));
        }
        return metric.build();
    }
}
