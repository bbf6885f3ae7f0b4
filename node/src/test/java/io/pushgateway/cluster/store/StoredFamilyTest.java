package io.pushgateway.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import org.junit.jupiter.api.Test;

/** A stored family answers its type and series count from its encoding, as the parsed message has them. */
class StoredFamilyTest {
    @Test
    void typeAndSeriesCountAreTheEncodedOnes() {
        for (Metrics.MetricType type : Metrics.MetricType.values()) {
            for (int series = 0; series <= 3; series++) {
                Metrics.MetricFamily.Builder family =
                        Metrics.MetricFamily.newBuilder().setName("m_" + type).setType(type);
                if (series % 2 == 1) {
                    family.setHelp("help of " + type);
                }
                for (int i = 0; i < series; i++) {
                    family.addMetric(Metrics.Metric.newBuilder()
                            .addLabel(
                                    Metrics.LabelPair.newBuilder().setName("i").setValue(Integer.toString(i))));
                }
                Metrics.MetricFamily built = family.build();
                StoredFamily made = new StoredFamily(built, 1);
                StoredFamily decoded = StoredFamily.fromEncoded(built.getName(), built.toByteArray(), 1);
                for (StoredFamily stored : new StoredFamily[] {made, decoded}) {
                    assertEquals(type, stored.type(), built.toString());
                    assertEquals(series, stored.seriesCount(), built.toString());
                    stored.seriesKeys();
                    assertEquals(series, stored.seriesCount(), "with its keys made: " + built);
                }
            }
        }
    }
}
