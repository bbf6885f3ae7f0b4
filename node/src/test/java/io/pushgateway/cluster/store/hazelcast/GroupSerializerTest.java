package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * A group as the cluster map holds it and members send it: every field comes back as written, and
 * a family costs little more than its encoding, since every node holds every group this way.
 */
class GroupSerializerTest {
    private static final GroupKey KEY = GroupKey.of("job", "nightly-backup", "instance", "db-1", "zone", "süd");
    private static final long PUSH = 1_700_000_000_123_456_789L;
    private static final InternalSerializationService SERIALIZATION = MemberSerialization.SERVICE;

    @Test
    void everyFieldOfAGroupComesBackIncludingFamiliesPushedAtOtherTimes() {
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        families.put("a_gauge", new StoredFamily(family("a_gauge", Metrics.MetricType.GAUGE, "help", 3), PUSH));
        families.put("b_older", new StoredFamily(family("b_older", Metrics.MetricType.COUNTER, null, 1), PUSH - 5));
        families.put("c_much_older", new StoredFamily(family("c_much_older", Metrics.MetricType.SUMMARY, null, 2), 1));
        families.put("d_later", new StoredFamily(family("d_later", Metrics.MetricType.UNTYPED, null, 1), PUSH + 9));
        families.put("é_ütf8", new StoredFamily(family("é_ütf8", Metrics.MetricType.HISTOGRAM, "ü", 1), PUSH));
        Group group = new Group(KEY, families, PUSH, PUSH + 1_000, 123_456, false, 90_000, PUSH + 90_000_000_000L);

        Group read = roundTrip(group);

        assertSameGroup(group, read);
        assertEquals(PUSH - 5, read.families().get("b_older").pushTimeNanos());
        assertEquals(1, read.families().get("c_much_older").pushTimeNanos());
        assertEquals(PUSH + 9, read.families().get("d_later").pushTimeNanos());
        assertEquals(
                Metrics.MetricType.SUMMARY, read.families().get("c_much_older").type());
        assertEquals(
                family("é_ütf8", Metrics.MetricType.HISTOGRAM, "ü", 1),
                read.families().get("é_ütf8").family());
    }

    @Test
    void aTombstoneAndAGroupThatNeverSucceededComeBack() {
        Group tombstone = new Group(KEY, Group.newFamilyMap(), PUSH, 0, Long.MAX_VALUE, true);
        Group onlyFailed = new Group(GroupKey.of("job", "x"), Group.newFamilyMap(), 0, PUSH, 1, false);
        for (Group group : List.of(tombstone, onlyFailed)) {
            assertSameGroup(group, roundTrip(group));
        }
    }

    @Test
    void aRestoreCarriesTheWholeGroupToEveryReplica() {
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        families.put("m", new StoredFamily(family("m", Metrics.MetricType.GAUGE, null, 2), PUSH - 1));
        Group group = new Group(KEY, families, PUSH, 0, 42, false, 60_000, PUSH + 60_000_000_000L);
        RestoreProcessor sent = new RestoreProcessor(group, 55_000, true);

        RestoreProcessor received = SERIALIZATION.toObject(SERIALIZATION.toData(sent));
        ImportProcessorTest.Entry entry = new ImportProcessorTest.Entry(null);
        received.process(entry);

        assertSameGroup(group, entry.value);
        assertEquals(55_000, entry.ttlMillis);
    }

    @Test
    void aFamilyPushedWithTheGroupCostsItsEncodingAndALength() {
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        int encodings = 0;
        for (int i = 1; i <= 10; i++) {
            StoredFamily family =
                    new StoredFamily(family("bench_metric_" + i, Metrics.MetricType.UNTYPED, null, 1), PUSH);
            families.put(family.name(), family);
            encodings += family.encoded().length;
        }
        Group group = new Group(KEY, families, PUSH, 0, 1, false);

        Data data = SERIALIZATION.toData(group);

        int key = KEY.id().getBytes(StandardCharsets.UTF_8).length;
        // Hazelcast's header (8) + the group's key and numbers (at most 20 with its length) + per family one byte of
        // length.
        assertTrue(
                data.toByteArray().length <= 8 + key + 20 + encodings + families.size(),
                data.toByteArray().length + " bytes for " + encodings + " bytes of encodings");
        assertSameGroup(group, roundTrip(group));
    }

    private static Group roundTrip(Group group) {
        return SERIALIZATION.toObject(SERIALIZATION.toData(group));
    }

    private static void assertSameGroup(Group expected, Group actual) {
        assertEquals(expected.key(), actual.key());
        assertEquals(expected.lastPushNanos(), actual.lastPushNanos());
        assertEquals(expected.lastFailureNanos(), actual.lastFailureNanos());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.isDeleted(), actual.isDeleted());
        assertEquals(expected.ttlMillis(), actual.ttlMillis());
        assertEquals(expected.expiresAtNanos(), actual.expiresAtNanos());
        assertEquals(
                List.copyOf(expected.families().keySet()),
                List.copyOf(actual.families().keySet()));
        assertEquals(
                List.copyOf(expected.families().values()),
                List.copyOf(actual.families().values()));
    }

    private static Metrics.MetricFamily family(String name, Metrics.MetricType type, String help, int series) {
        Metrics.MetricFamily.Builder family =
                Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            family.setHelp(help);
        }
        for (int i = 0; i < series; i++) {
            family.addMetric(Metrics.Metric.newBuilder()
                    .addLabel(Metrics.LabelPair.newBuilder().setName("kind").setValue("k" + i))
                    .setUntyped(Metrics.Untyped.newBuilder().setValue(i)));
        }
        return family.build();
    }
}
