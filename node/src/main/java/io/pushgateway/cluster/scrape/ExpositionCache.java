package io.pushgateway.cluster.scrape;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.NameEscaping;
import io.pushgateway.cluster.format.TextFormatWriter;
import io.pushgateway.cluster.model.CodePointOrder;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.ReplicaListener;
import io.pushgateway.cluster.store.StoredFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored part of the scrape, kept rendered: each group's part of each family is rendered once,
 * as one block, when the group changes (see {@link RenderedFamily}), and a family is merged as its
 * groups' blocks in grouping key order (see {@link MergedFamily}). A scrape is then mostly a
 * concatenation of cached bytes; the merge itself keeps only its gzip segments, so the text is held
 * once, in the blocks.
 *
 * <p>A change of a group touches several families; a scrape must see all of them changed or none
 * (no half of a PUT). Changes are applied under a write lock; a scrape takes, under the read lock, a
 * snapshot of what it will write (cached bytes, or the parts to merge) and renders it afterwards.
 *
 * <p>The cached bytes show names as stored, which is what a scraper reading UTF-8 names gets. For
 * any other {@link EscapingScheme}, the few families holding names outside the classic rules are
 * escaped and rendered per scrape; all others are the same bytes under every scheme.
 *
 * <p>For gzip scrapes each merged family also keeps its bytes compressed as a {@link DeflatedSegment},
 * so that a gzip scrape compresses only what changed since the last one. Scrapes run on worker
 * threads; {@link #changed} runs on whichever thread updates the replica.
 */
public final class ExpositionCache implements ReplicaListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExpositionCache.class);
    private static final Comparator<RenderedFamily> BY_GROUP =
            Comparator.comparing((RenderedFamily p) -> p.group.id(), CodePointOrder.INSTANCE);

    /** A cache that never holds a group, for scrapes of the node's own metrics only. */
    public static final ExpositionCache EMPTY = new ExpositionCache();

    /** All parts of one family name, and the merged rendering of them when it is current. */
    private static final class FamilyParts {
        final PartTable parts = new PartTable();
        /** The shape the parts share (an equal part takes this instance); of the last part that differed. */
        RenderedFamily.Shape shape;
        /** How many parts hold names outside the classic rules. */
        int nonClassicParts;

        volatile long version;
        volatile CachedMerge cached;
    }

    /** The merge of a family's parts as of one version: the series a scrape writes, in order. */
    private record CachedMerge(long version, MergedFamily merged) {}

    /** What a scrape writes for one stored family: a current merge, or the parts to merge now. */
    private record Snapshot(FamilyParts family, long version, MergedFamily cachedMerge, List<RenderedFamily> parts) {}

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, FamilyParts> families = new TreeMap<>(CodePointOrder.INSTANCE);

    @Override
    public void changed(Group before, Group after) {
        List<RenderedFamily> rendered = new ArrayList<>();
        if (after != null) {
            for (StoredFamily stored : after.families().values()) {
                rendered.add(RenderedFamily.render(after.key(), stored));
            }
            rendered.add(RenderedFamily.pushTime(after.key(), GroupFamilies.PUSH_TIME, after.lastPushNanos()));
            rendered.add(RenderedFamily.pushTime(after.key(), GroupFamilies.FAILURE_TIME, after.lastFailureNanos()));
            RenderedFamily.shareText(rendered);
        }
        lock.writeLock().lock();
        try {
            if (before != null) {
                for (String name : GroupFamilies.names(before)) {
                    FamilyParts parts = families.get(name);
                    if (parts != null) {
                        forget(parts, parts.parts.remove(before.key()));
                        parts.version++;
                        if (parts.parts.isEmpty()) {
                            families.remove(name);
                        }
                    }
                }
            }
            for (RenderedFamily part : rendered) {
                FamilyParts parts = families.computeIfAbsent(part.name(), n -> new FamilyParts());
                if (part.shape.equals(parts.shape)) {
                    part.shape = parts.shape;
                } else {
                    parts.shape = part.shape;
                }
                forget(parts, parts.parts.put(part));
                if (part.nonClassicNames()) {
                    parts.nonClassicParts++;
                }
                parts.version++;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The part of a family the cache holds for a group, or null; for tests of what is rendered again. */
    RenderedFamily part(String family, GroupKey group) {
        lock.readLock().lock();
        try {
            FamilyParts parts = families.get(family);
            return parts == null ? null : parts.parts.get(group);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A part replaced or removed: no longer counted. */
    private static void forget(FamilyParts parts, RenderedFamily removed) {
        if (removed != null && removed.nonClassicNames()) {
            parts.nonClassicParts--;
        }
    }

    /**
     * Writes the whole scrape in the text format: stored families merged with the node's own
     * (which may be empty), all sorted by name, names as stored (quoted where needed).
     */
    public void writeText(ByteArrayOutputStream out, Map<String, Metrics.MetricFamily> own) {
        writeText(out, own, EscapingScheme.ALLOW_UTF8);
    }

    /** As {@link #writeText(ByteArrayOutputStream, Map)}, with names escaped by {@code escaping}. */
    public void writeText(ByteArrayOutputStream out, Map<String, Metrics.MetricFamily> own, EscapingScheme escaping) {
        forEachFamily(
                own,
                escaping,
                (merged, escape) -> out.writeBytes(escape ? escaped(merged, escaping, false) : merged.text()));
    }

    /**
     * Writes the whole scrape in the protobuf delimited format, the same families as
     * {@link #writeText}: stored series are copied as the bytes they were stored as.
     */
    public void writeProtobuf(
            ByteArrayOutputStream out, Map<String, Metrics.MetricFamily> own, EscapingScheme escaping) {
        forEachFamily(
                own,
                escaping,
                (merged, escape) -> out.writeBytes(escape ? escaped(merged, escaping, true) : merged.delimited()));
    }

    /**
     * The whole scrape, text or protobuf, as the same families as {@link #writeText}, without
     * copying cached bytes: uncompressed, the cached renderings of the families; with gzip, their
     * cached compressed segments in one gzip member. Only families changed since they were last
     * scraped (and the few whose names {@code escaping} changes) are rendered or compressed.
     */
    public ScrapeBody scrape(
            Map<String, Metrics.MetricFamily> own, EscapingScheme escaping, boolean protobuf, boolean gzip) {
        if (gzip) {
            GzipMember member = new GzipMember();
            forEachFamily(own, escaping, (merged, escape) -> {
                if (escape) {
                    member.addFresh(escaped(merged, escaping, protobuf));
                } else if (own.containsKey(merged.name)) {
                    // Merged with the node's own series for this scrape only: not worth a segment of its own.
                    member.addFresh(protobuf ? merged.delimited() : merged.text());
                } else {
                    member.add(merged.segment(protobuf));
                }
            });
            return new ScrapeBody(member.finish(), true);
        }
        List<byte[]> parts = new ArrayList<>();
        forEachFamily(
                own,
                escaping,
                (merged, escape) -> parts.add(
                        escape ? escaped(merged, escaping, protobuf) : protobuf ? merged.delimited() : merged.text()));
        return new ScrapeBody(parts, false);
    }

    /**
     * Hands every non-empty family of the scrape to {@code write}, in name order, stored families
     * merged with the node's own, with whether its names must be escaped for {@code escaping}
     * (then it is merged anew; otherwise a stored family's cached merge is used).
     */
    private void forEachFamily(
            Map<String, Metrics.MetricFamily> own, EscapingScheme escaping, BiConsumer<MergedFamily, Boolean> write) {
        TreeMap<String, Snapshot> stored = snapshot(own.keySet(), escaping);
        for (String name : allNames(stored, own)) {
            Metrics.MetricFamily ownFamily = own.get(name);
            Snapshot snapshot = stored.get(name);
            boolean escape = snapshot != null
                    && snapshot.cachedMerge() == null
                    && escaping != EscapingScheme.ALLOW_UTF8
                    && anyNonClassic(snapshot.parts());
            MergedFamily merged = ownFamily == null && !escape
                    ? merged(name, snapshot)
                    : merge(name, snapshot == null ? List.of() : snapshot.parts(), ownFamily);
            if (!merged.isEmpty()) {
                write.accept(merged, escape);
            }
        }
    }

    /** The same families as {@link #writeText}, for the protobuf format, names as stored. */
    public List<Metrics.MetricFamily> protobufFamilies(Map<String, Metrics.MetricFamily> own) {
        return protobufFamilies(own, EscapingScheme.ALLOW_UTF8);
    }

    /** As {@link #protobufFamilies(Map)}, with names escaped by {@code escaping}. */
    public List<Metrics.MetricFamily> protobufFamilies(Map<String, Metrics.MetricFamily> own, EscapingScheme escaping) {
        TreeMap<String, Snapshot> stored = snapshot(null, escaping);
        List<Metrics.MetricFamily> result = new ArrayList<>();
        for (String name : allNames(stored, own)) {
            Snapshot snapshot = stored.get(name);
            MergedFamily merged = merge(name, snapshot == null ? List.of() : snapshot.parts(), own.get(name));
            if (!merged.isEmpty()) {
                result.add(NameEscaping.escape(merged.toProtobuf(), escaping));
            }
        }
        return result;
    }

    /**
     * Series the last rendering of each family left out because they conflict with others (see
     * {@link MergedFamily}); zero while the stored data is consistent.
     */
    public long conflictingSeries() {
        lock.readLock().lock();
        try {
            long total = 0;
            for (FamilyParts parts : families.values()) {
                CachedMerge cached = parts.cached;
                if (cached != null) {
                    total += cached.merged().dropped();
                }
            }
            return total;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Everything a scrape needs, consistent as of one moment.
     *
     * @param mergedWithOwn names whose parts are needed even where cached text exists (they merge
     *     with own families), or null if parts are needed for every name
     * @param escaping parts are also needed where this scheme changes names
     */
    private TreeMap<String, Snapshot> snapshot(java.util.Set<String> mergedWithOwn, EscapingScheme escaping) {
        TreeMap<String, Snapshot> result = new TreeMap<>(CodePointOrder.INSTANCE);
        lock.readLock().lock();
        try {
            for (Map.Entry<String, FamilyParts> e : families.entrySet()) {
                FamilyParts parts = e.getValue();
                CachedMerge cached = parts.cached;
                boolean cachedSuffices = mergedWithOwn != null
                        && !mergedWithOwn.contains(e.getKey())
                        && (escaping == EscapingScheme.ALLOW_UTF8 || parts.nonClassicParts == 0);
                if (cachedSuffices && cached != null && cached.version() == parts.version) {
                    result.put(e.getKey(), new Snapshot(parts, parts.version, cached.merged(), null));
                } else {
                    result.put(e.getKey(), new Snapshot(parts, parts.version, null, parts.parts.parts()));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return result;
    }

    private static TreeSet<String> allNames(Map<String, Snapshot> stored, Map<String, Metrics.MetricFamily> own) {
        TreeSet<String> names = new TreeSet<>(CodePointOrder.INSTANCE);
        names.addAll(stored.keySet());
        names.addAll(own.keySet());
        return names;
    }

    /**
     * The merge of a stored family, from the cache when current, else made and cached. Scrapes that
     * ask at once for the same version wait for one merge instead of each making it (a family of
     * 100k groups takes a while, and Prometheus pairs scrape at the same moment).
     */
    private MergedFamily merged(String name, Snapshot snapshot) {
        if (snapshot.cachedMerge() != null) {
            return snapshot.cachedMerge();
        }
        FamilyParts family = snapshot.family();
        synchronized (family) {
            CachedMerge previous = family.cached;
            if (previous != null && previous.version() == snapshot.version()) {
                return previous.merged();
            }
            MergedFamily merged = merge(name, snapshot.parts(), null);
            if (merged.dropped() > 0 && (previous == null || previous.merged().dropped() != merged.dropped())) {
                LOG.warn(
                        "family {} holds {} series that conflict with others (another type, or the same labels in "
                                + "two groups); the scrape leaves them out",
                        name,
                        merged.dropped());
            }
            // A merge of an older version is harmless: it is used only while the version matches.
            if (previous == null || previous.version() < snapshot.version()) {
                family.cached = new CachedMerge(snapshot.version(), merged);
            }
            return merged;
        }
    }

    private static MergedFamily merge(String name, List<RenderedFamily> parts, Metrics.MetricFamily own) {
        List<RenderedFamily> sorted = new ArrayList<>(parts);
        sorted.sort(BY_GROUP);
        RenderedFamily ownPart = own == null ? null : RenderedFamily.render(null, own);
        return MergedFamily.merge(name, sorted, ownPart);
    }

    private static boolean anyNonClassic(List<RenderedFamily> parts) {
        for (RenderedFamily part : parts) {
            if (part.nonClassicNames()) {
                return true;
            }
        }
        return false;
    }

    /** Renders a merged family anew with escaped names; not cached, since only such families need it. */
    private static byte[] escaped(MergedFamily merged, EscapingScheme escaping, boolean protobuf) {
        Metrics.MetricFamily family = NameEscaping.escape(merged.toProtobuf(), escaping);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (protobuf) {
            try {
                family.writeDelimitedTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
        TextFormatWriter.writeHeader(
                out, family.getName(), family.hasHelp() ? family.getHelp() : null, family.getType());
        for (Metrics.Metric metric : family.getMetricList()) {
            out.writeBytes(TextFormatWriter.renderSeries(family.getName(), family.getType(), metric));
        }
        return out.toByteArray();
    }
}
