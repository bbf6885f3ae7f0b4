package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.ImportedTimes;
import io.pushgateway.cluster.store.OnExisting;
import io.pushgateway.cluster.store.SerializationIds;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

/**
 * Applies a validated push to its group on the partition owner (and again on each backup). It only
 * swaps prepared families: everything it does is decided by its arguments and the old value, so a
 * re-run gives the same result. Returns the group with the names the push gave it and took away.
 *
 * <p>An import ({@link ImportedTimes}) sets the push and failure times it carries instead, and
 * writes nothing (returning a change without a group) when its {@link OnExisting} policy keeps the
 * group held; that decision, too, rests only on the arguments and the old value.
 */
public final class PushProcessor implements EntryProcessor<String, Group, GroupChange>, IdentifiedDataSerializable {
    private boolean replace;
    private long pushNanos;
    private long ttlMillis;
    /** Encoded once where the push arrived; the owner and its backups store these bytes as they are. */
    private List<StoredFamily> families;
    /** Null for a push. */
    private ImportedTimes imported;

    public PushProcessor() {}

    PushProcessor(boolean replace, long pushNanos, long ttlMillis, List<Metrics.MetricFamily> families) {
        this(replace, pushNanos, ttlMillis, families, null);
    }

    PushProcessor(
            boolean replace,
            long pushNanos,
            long ttlMillis,
            List<Metrics.MetricFamily> families,
            ImportedTimes imported) {
        this.replace = replace;
        this.pushNanos = pushNanos;
        this.ttlMillis = ttlMillis;
        this.imported = imported;
        this.families = new ArrayList<>(families.size());
        for (Metrics.MetricFamily family : families) {
            this.families.add(new StoredFamily(family, familyPushNanos(family.getName())));
        }
    }

    private long familyPushNanos(String name) {
        return imported == null ? pushNanos : imported.familyPushNanos().getOrDefault(name, pushNanos);
    }

    @Override
    @SuppressWarnings("unchecked")
    public GroupChange process(Map.Entry<String, Group> entry) {
        Group old = entry.getValue();
        if (imported != null) {
            return importGroup((ExtendedMapEntry<String, Group>) entry);
        }
        boolean fresh = old == null || old.isDeleted();
        SortedMap<String, StoredFamily> merged = Group.newFamilyMap();
        if (!fresh && !replace) {
            merged.putAll(old.families());
        }
        for (StoredFamily family : families) {
            merged.put(family.name(), family);
        }
        long failure = fresh ? 0 : old.lastFailureNanos();
        long version = Versions.next(old, pushNanos);
        long expiresAt = ttlMillis == 0 ? 0 : pushNanos + ttlMillis * 1_000_000;
        Group updated = new Group(
                GroupKey.fromId(entry.getKey()), merged, pushNanos, failure, version, false, ttlMillis, expiresAt);
        // Every successful push restarts the time to live; 0 means none (as the map default).
        ((ExtendedMapEntry<String, Group>) entry).setValue(updated, ttlMillis, TimeUnit.MILLISECONDS);
        return GroupChange.between(old, updated);
    }

    private GroupChange importGroup(ExtendedMapEntry<String, Group> entry) {
        Group old = entry.getValue();
        if (!imported.onExisting().writes(old, pushNanos, imported.failureNanos())) {
            return new GroupChange(null, List.of(), List.of());
        }
        SortedMap<String, StoredFamily> stored = Group.newFamilyMap();
        for (StoredFamily family : families) {
            stored.put(family.name(), family);
        }
        long expiresAt = imported.expiresAtNanos(pushNanos, ttlMillis);
        // Counted from the arrival, an argument, so that each backup sets the same deadline.
        long remainingTtlMillis = expiresAt == 0 ? 0 : Math.max(1, (expiresAt - imported.arrivalNanos()) / 1_000_000);
        Group updated = new Group(
                GroupKey.fromId(entry.getKey()),
                stored,
                pushNanos,
                imported.failureNanos(),
                Versions.next(old, imported.arrivalNanos()),
                false,
                ttlMillis,
                expiresAt);
        entry.setValue(updated, remainingTtlMillis, TimeUnit.MILLISECONDS);
        return GroupChange.between(old, updated);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.PUSH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(replace);
        out.writeLong(pushNanos);
        out.writeLong(ttlMillis);
        out.writeInt(families.size());
        for (StoredFamily family : families) {
            out.writeString(family.name());
            out.writeInt(family.type().getNumber());
            out.writeByteArray(family.encoded());
        }
        out.writeBoolean(imported != null);
        if (imported != null) {
            out.writeLong(imported.failureNanos());
            out.writeInt(imported.onExisting().ordinal());
            out.writeLong(imported.arrivalNanos());
            out.writeInt(imported.familyPushNanos().size());
            for (Map.Entry<String, Long> family : imported.familyPushNanos().entrySet()) {
                out.writeString(family.getKey());
                out.writeLong(family.getValue());
            }
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        replace = in.readBoolean();
        pushNanos = in.readLong();
        ttlMillis = in.readLong();
        int count = in.readInt();
        families = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            in.readInt(); // the type, which the encoding holds too
            families.add(StoredFamily.fromEncoded(name, in.readByteArray(), pushNanos));
        }
        if (in.readBoolean()) {
            long failureNanos = in.readLong();
            OnExisting onExisting = OnExisting.values()[in.readInt()];
            long arrivalNanos = in.readLong();
            int timed = in.readInt();
            Map<String, Long> familyPushNanos = new HashMap<>(timed * 2);
            for (int i = 0; i < timed; i++) {
                familyPushNanos.put(in.readString(), in.readLong());
            }
            imported = new ImportedTimes(failureNanos, familyPushNanos, onExisting, arrivalNanos);
            for (int i = 0; i < families.size(); i++) {
                StoredFamily family = families.get(i);
                families.set(
                        i, StoredFamily.fromEncoded(family.name(), family.encoded(), familyPushNanos(family.name())));
            }
        }
    }
}
