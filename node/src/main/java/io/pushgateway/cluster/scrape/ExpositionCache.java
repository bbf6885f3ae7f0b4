package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.model.CodePointOrder;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.ReplicaListener;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored part of the scrape, kept rendered: each series is rendered once, when its group
 * changes, and each merged family is kept as bytes until one of its groups changes again. A scrape
 * is then mostly a concatenation of cached bytes.
 */
public final class ExpositionCache implements ReplicaListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExpositionCache.class);
    private static final Comparator<RenderedFamily> BY_GROUP =
            Comparator.comparing((RenderedFamily p) -> p.group().id(), CodePointOrder.INSTANCE);

    /** All parts of one family name, and the merged rendering of them when it is current. */
    private static final class FamilyParts {
        final Map<GroupKey, RenderedFamily> parts = new ConcurrentHashMap<>();
        final AtomicLong version = new AtomicLong();
        volatile CachedText cached;
    }

    private record CachedText(long version, byte[] bytes, int dropped) {}

    /** A cache that never holds a group, for scrapes of the node's own metrics only. */
    public static final ExpositionCache EMPTY = new ExpositionCache();

    private final ConcurrentSkipListMap<String, FamilyParts> families =
            new ConcurrentSkipListMap<>(CodePointOrder.INSTANCE);

    @Override
    public void changed(Group before, Group after) {
        if (before != null) {
            for (Metrics.MetricFamily family : GroupFamilies.of(before)) {
                FamilyParts parts = families.get(family.getName());
                if (parts != null) {
                    parts.parts.remove(before.key());
                    parts.version.incrementAndGet();
                    if (parts.parts.isEmpty()) {
                        families.remove(family.getName(), parts);
                    }
                }
            }
        }
        if (after != null) {
            for (Metrics.MetricFamily family : GroupFamilies.of(after)) {
                FamilyParts parts = families.computeIfAbsent(family.getName(), n -> new FamilyParts());
                parts.parts.put(after.key(), RenderedFamily.render(after.key(), family));
                parts.version.incrementAndGet();
            }
        }
    }

    /**
     * Writes the whole scrape in the text format: stored families merged with the node's own
     * (which may be empty), all sorted by name.
     */
    public void writeText(ByteArrayOutputStream out, Map<String, Metrics.MetricFamily> own) {
        for (String name : allNames(own)) {
            Metrics.MetricFamily ownFamily = own.get(name);
            FamilyParts parts = families.get(name);
            if (ownFamily == null && parts != null) {
                out.writeBytes(cachedText(name, parts));
            } else {
                MergedFamily merged = merge(name, parts, ownFamily);
                if (merged != null) {
                    writeMerged(out, merged);
                }
            }
        }
    }

    /** The same families as {@link #writeText}, for the protobuf format. */
    public List<Metrics.MetricFamily> protobufFamilies(Map<String, Metrics.MetricFamily> own) {
        List<Metrics.MetricFamily> result = new ArrayList<>();
        for (String name : allNames(own)) {
            MergedFamily merged = merge(name, families.get(name), own.get(name));
            if (merged != null && !merged.isEmpty()) {
                result.add(merged.toProtobuf());
            }
        }
        return result;
    }

    /**
     * Series the last rendering of each family left out because they conflict with others (see
     * {@link MergedFamily}); zero while the stored data is consistent.
     */
    public long conflictingSeries() {
        long total = 0;
        for (FamilyParts parts : families.values()) {
            CachedText cached = parts.cached;
            if (cached != null) {
                total += cached.dropped();
            }
        }
        return total;
    }

    private TreeSet<String> allNames(Map<String, Metrics.MetricFamily> own) {
        TreeSet<String> names = new TreeSet<>(CodePointOrder.INSTANCE);
        names.addAll(families.keySet());
        names.addAll(own.keySet());
        return names;
    }

    private byte[] cachedText(String name, FamilyParts parts) {
        CachedText cached = parts.cached;
        long version = parts.version.get();
        if (cached != null && cached.version == version) {
            return cached.bytes;
        }
        MergedFamily merged = merge(name, parts, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (merged != null) {
            writeMerged(out, merged);
            if (merged.dropped() > 0 && (cached == null || cached.dropped() != merged.dropped())) {
                LOG.warn("family {} holds {} series that conflict with others (another type, or the same labels in two "
                        + "groups); the scrape leaves them out", name, merged.dropped());
            }
        }
        byte[] bytes = out.toByteArray();
        // Only cache what was rendered from an unchanged family; a change meanwhile re-renders next time.
        if (parts.version.get() == version) {
            parts.cached = new CachedText(version, bytes, merged == null ? 0 : merged.dropped());
        }
        return bytes;
    }

    private static MergedFamily merge(String name, FamilyParts parts, Metrics.MetricFamily own) {
        List<RenderedFamily> sorted = new ArrayList<>(parts == null ? List.of() : parts.parts.values());
        if (sorted.isEmpty() && own == null) {
            return null;
        }
        sorted.sort(BY_GROUP);
        RenderedFamily ownPart = own == null ? null : RenderedFamily.render(null, own);
        return MergedFamily.merge(name, sorted, ownPart);
    }

    private static void writeMerged(ByteArrayOutputStream out, MergedFamily merged) {
        if (merged.isEmpty()) {
            return;
        }
        TextFormatWriter.writeHeader(out, merged.name, merged.help, merged.type);
        for (RenderedFamily.Series series : merged.series) {
            out.writeBytes(series.text());
        }
    }
}
