package io.pushgateway.cluster.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parts' hash table finds, replaces and removes parts as a map by group would, through growth and shrinking. */
class PartTableTest {
    @Test
    void behavesLikeAMapByGroup() {
        Random random = new Random(7);
        PartTable table = new PartTable();
        Map<GroupKey, RenderedFamily> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Few keys at first, many later: the table grows, then empties and shrinks.
            int keys = step < 100_000 ? 5_000 : 50;
            GroupKey key = GroupKey.of("job", "j" + random.nextInt(keys));
            if (random.nextInt(3) > 0 && step < 100_000) {
                RenderedFamily part = part(key, step);
                assertSame(model.put(key, part), table.put(part));
            } else {
                assertSame(model.remove(key), table.remove(key));
            }
            if (step % 997 == 0) {
                assertEquals(model.size(), table.size());
                assertEquals(new HashSet<>(model.values()), new HashSet<>(table.parts()));
                for (GroupKey k : model.keySet()) {
                    assertSame(model.get(k), table.get(k));
                }
            }
        }
        for (GroupKey key : new HashSet<>(model.keySet())) {
            assertSame(model.remove(key), table.remove(key));
        }
        assertEquals(0, table.size());
        assertEquals(0, table.parts().size());
    }

    private static RenderedFamily part(GroupKey key, int value) {
        return RenderedFamily.render(
                key,
                Metrics.MetricFamily.newBuilder()
                        .setName("m")
                        .setType(Metrics.MetricType.GAUGE)
                        .addMetric(Metrics.Metric.newBuilder()
                                .setGauge(Metrics.Gauge.newBuilder().setValue(value)))
                        .build());
    }
}
