package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.map.ExtendedMapEntry;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.ImportedTimes;
import io.pushgateway.cluster.store.OnExisting;
import io.pushgateway.cluster.store.StoredFamily;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The versioned write of an import, as the partition owner and a backup run it: the backup gets the
 * processor through serialisation and the same old value, and must end with the same group.
 */
class ImportProcessorTest {
    private static final GroupKey KEY = GroupKey.of("job", "imported");
    private static final long PUSH = 1_700_000_000_123_456_789L;
    private static final long FAILURE = 1_700_000_100_000_000_000L;
    private static final long ARRIVAL = 1_800_000_000_000_000_000L;
    private static final InternalSerializationService SERIALIZATION = MemberSerialization.SERVICE;

    @Test
    void ownerAndBackupStoreTheSameGroupWithTheImportedTimes() {
        PushProcessor owner = importOf(OnExisting.NEWER, 0);
        PushProcessor backup = SERIALIZATION.toObject(SERIALIZATION.toData(owner));
        Entry onOwner = new Entry(null);
        Entry onBackup = new Entry(null);

        Group stored = owner.process(onOwner).group();
        backup.process(onBackup);

        assertEquals(PUSH, stored.lastPushNanos());
        assertEquals(FAILURE, stored.lastFailureNanos());
        assertEquals(PUSH, stored.families().get("a").pushTimeNanos());
        assertEquals(PUSH - 5, stored.families().get("b").pushTimeNanos());
        assertEquals(ARRIVAL / 1000, stored.version(), "versions count from the arrival, outranking tombstones");
        assertSame(stored, onOwner.value);
        assertEquals(describe(onOwner.value), describe(onBackup.value));
        assertEquals(onOwner.ttlMillis, onBackup.ttlMillis);
    }

    @Test
    void theTimeToLiveLeftIsCountedFromTheArrivalOnEveryReplica() {
        long ttlMillis = 200_000_000_000L; // longer than ARRIVAL - PUSH, so some is left
        PushProcessor owner = importOf(OnExisting.NEWER, ttlMillis);
        Entry onOwner = new Entry(null);
        Entry onBackup = new Entry(null);
        owner.process(onOwner);
        SERIALIZATION.<PushProcessor>toObject(SERIALIZATION.toData(owner)).process(onBackup);

        assertEquals(PUSH + ttlMillis * 1_000_000, onOwner.value.expiresAtNanos());
        assertEquals((PUSH + ttlMillis * 1_000_000 - ARRIVAL) / 1_000_000, onOwner.ttlMillis);
        assertEquals(onOwner.ttlMillis, onBackup.ttlMillis);
    }

    @Test
    void aHeldGroupIsKeptByThePolicyOnEveryReplicaAlike() {
        Group newer = group(PUSH + 1, 0);
        Group sameButFailedLater = group(PUSH, FAILURE + 1);
        for (Group held : List.of(newer, sameButFailedLater)) {
            for (PushProcessor processor : List.of(importOf(OnExisting.NEWER, 0), importOf(OnExisting.SKIP, 0))) {
                Entry entry = new Entry(held);
                assertNull(processor.process(entry).group());
                assertSame(held, entry.value, "nothing was set");
                Entry backup = new Entry(held);
                assertNull(SERIALIZATION
                        .<PushProcessor>toObject(SERIALIZATION.toData(processor))
                        .process(backup)
                        .group());
            }
        }
        Entry older = new Entry(group(PUSH - 1, FAILURE + 1));
        assertEquals(PUSH, importOf(OnExisting.NEWER, 0).process(older).group().lastPushNanos());
        Entry overwritten = new Entry(newer);
        assertEquals(
                PUSH,
                importOf(OnExisting.OVERWRITE, 0).process(overwritten).group().lastPushNanos());
    }

    private static PushProcessor importOf(OnExisting policy, long ttlMillis) {
        Metrics.MetricFamily a = gauge("a");
        Metrics.MetricFamily b = gauge("b");
        return new PushProcessor(
                true,
                PUSH,
                ttlMillis,
                List.of(a, b),
                new ImportedTimes(FAILURE, Map.of("b", PUSH - 5), policy, ARRIVAL));
    }

    private static Metrics.MetricFamily gauge(String name) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(Metrics.Metric.newBuilder()
                        .setGauge(Metrics.Gauge.newBuilder().setValue(1)))
                .build();
    }

    private static Group group(long push, long failure) {
        SortedMap<String, StoredFamily> families = Group.newFamilyMap();
        families.put("held", new StoredFamily(gauge("held"), push));
        return new Group(KEY, families, push, failure, 7, false);
    }

    private static String describe(Group group) {
        Data data = SERIALIZATION.toData(group);
        return group + " " + java.util.Arrays.toString(data.toByteArray());
    }

    /** A map entry as an entry processor sees it, recording what it was set to; for the serializer test too. */
    static final class Entry implements ExtendedMapEntry<String, Group> {
        Group value;
        long ttlMillis = -1;

        Entry(Group value) {
            this.value = value;
        }

        @Override
        public String getKey() {
            return KEY.id();
        }

        @Override
        public Group getValue() {
            return value;
        }

        @Override
        public Group setValue(Group value) {
            Group old = this.value;
            this.value = value;
            return old;
        }

        @Override
        public Group setValue(Group value, long ttl, TimeUnit unit) {
            ttlMillis = unit.toMillis(ttl);
            return setValue(value);
        }

        @Override
        public Group setValueWithoutChangingExpiryTime(Group value) {
            return setValue(value);
        }
    }
}
