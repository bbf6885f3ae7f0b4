package io.pushgateway.cluster.store.replica;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.Labels;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.StoredFamily;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the consistency check needs to know about all stored groups, by family name: which types
 * the family has and which group holds each series. Lets a push be checked in time proportional to
 * its own size. Not thread-safe: the replica updates it under its lock, the check reads it under
 * the same lock.
 */
public final class FamilyIndex {
    private static final class Family {
        final EnumMap<Metrics.MetricType, Integer> groupsByType = new EnumMap<>(Metrics.MetricType.class);
        final SeriesOwners seriesOwners = new SeriesOwners();
    }

    private final Map<String, Family> families = new HashMap<>();
    /** Labels of every group's push_time_seconds series, counted: groups may collide (upstream trap 14.3). */
    private final Map<Labels, Integer> timestampSeries = new HashMap<>();

    public void add(Group group) {
        timestampSeries.merge(group.key().seriesLabels(), 1, Integer::sum);
        for (StoredFamily stored : group.families().values()) {
            Family entry = families.computeIfAbsent(stored.name(), n -> new Family());
            entry.groupsByType.merge(stored.type(), 1, Integer::sum);
            for (SeriesKey series : stored.seriesKeys()) {
                entry.seriesOwners.add(series, group.key());
            }
        }
    }

    public void remove(Group group) {
        timestampSeries.computeIfPresent(group.key().seriesLabels(), (k, n) -> n == 1 ? null : n - 1);
        for (StoredFamily stored : group.families().values()) {
            Family entry = families.get(stored.name());
            if (entry == null) {
                continue;
            }
            entry.groupsByType.computeIfPresent(stored.type(), (t, n) -> n == 1 ? null : n - 1);
            for (SeriesKey series : stored.seriesKeys()) {
                entry.seriesOwners.remove(series, group.key());
            }
            if (entry.groupsByType.isEmpty()) {
                families.remove(stored.name());
            }
        }
    }

    /**
     * A type the family has in groups other than {@code exclude} that differs from {@code type}, or
     * null if there is none.
     */
    public Metrics.MetricType conflictingType(String name, Metrics.MetricType type, Group exclude) {
        Family entry = families.get(name);
        if (entry == null) {
            return null;
        }
        Metrics.MetricType excluded = excludedType(name, exclude);
        for (Map.Entry<Metrics.MetricType, Integer> e : entry.groupsByType.entrySet()) {
            int count = e.getValue() - (e.getKey() == excluded ? 1 : 0);
            if (count > 0 && e.getKey() != type) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Whether some group holds the family, and every group that does holds it with this type. */
    public boolean holdsOnlyType(String name, Metrics.MetricType type) {
        Family entry = families.get(name);
        return entry != null && entry.groupsByType.size() == 1 && entry.groupsByType.containsKey(type);
    }

    /** Any type the family has in groups other than {@code exclude}, or null. */
    public Metrics.MetricType typeElsewhere(String name, Group exclude) {
        Family entry = families.get(name);
        if (entry == null) {
            return null;
        }
        Metrics.MetricType excluded = excludedType(name, exclude);
        for (Map.Entry<Metrics.MetricType, Integer> e : entry.groupsByType.entrySet()) {
            if (e.getValue() - (e.getKey() == excluded ? 1 : 0) > 0) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The group other than {@code self} that holds this series, or null. */
    public GroupKey otherOwner(String name, SeriesKey series, GroupKey self) {
        Family entry = families.get(name);
        if (entry == null) {
            return null;
        }
        Object owners = entry.seriesOwners.get(series);
        if (owners instanceof GroupKey owner) {
            return owner.equals(self) ? null : owner;
        }
        if (owners instanceof List<?> list) {
            for (Object owner : list) {
                if (!owner.equals(self)) {
                    return (GroupKey) owner;
                }
            }
        }
        return null;
    }

    /** Whether a group other than {@code self} has the same push_time_seconds series. */
    public boolean timestampSeriesTaken(GroupKey self, boolean selfStored) {
        int count = timestampSeries.getOrDefault(self.seriesLabels(), 0);
        return count > (selfStored ? 1 : 0);
    }

    private static Metrics.MetricType excludedType(String name, Group exclude) {
        if (exclude == null) {
            return null;
        }
        StoredFamily own = exclude.families().get(name);
        return own == null ? null : own.type();
    }
}
