package io.pushgateway.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import org.junit.jupiter.api.Test;

/** A stored family answers its name, type and series count from its encoding, as the parsed message has them. */
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
                StoredFamily named = StoredFamily.fromEncoded(built.toByteArray(), 1);
                for (StoredFamily stored : new StoredFamily[] {made, decoded, named}) {
                    assertEquals(built.getName(), stored.name(), built.toString());
                    assertEquals(type, stored.type(), built.toString());
                    assertEquals(series, stored.seriesCount(), built.toString());
                    stored.seriesKeys();
                    assertEquals(series, stored.seriesCount(), "with its keys made: " + built);
                }
            }
        }
    }

    @Test
    void aNameIsReadFromAnywhereInTheEncodingAndIsEmptyWhereAbsent() {
        Metrics.MetricFamily help =
                Metrics.MetricFamily.newBuilder().setHelp("h").build();
        assertEquals("", StoredFamily.fromEncoded(help.toByteArray(), 1).name());
        byte[] nameLast = help.toBuilder().setName("ü_late").build().toByteArray();
        // The help (field 2) first, then the name: protobuf readers take fields in any order.
        byte[] reordered = new byte[nameLast.length];
        int helpLength = help.toByteArray().length;
        System.arraycopy(nameLast, nameLast.length - helpLength, reordered, 0, helpLength);
        System.arraycopy(nameLast, 0, reordered, helpLength, nameLast.length - helpLength);
        assertEquals("ü_late", StoredFamily.fromEncoded(reordered, 1).name());
    }
}
