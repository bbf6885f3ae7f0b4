package io.pushgateway.cluster.benchmarks;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.hazelcast.BenchmarkGroups;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering of the whole store for a scrape, as the node does it: {@link ExpositionCache} holding
 * {@code groups} groups of ten series (plus the two push time series each), as bench/run preloads
 * them. The score is scrapes per second; {@code bytes} and {@code series} (see {@link Processed})
 * are bytes and series rendered per second.
 *
 * <ul>
 *   <li>{@code textUnchanged}: nothing changed since the last scrape (the cached case).
 *   <li>{@code textAfterPush}: one group is pushed again before each scrape, which invalidates every
 *       family it has, as between two scrapes of a gateway under pushes.
 *   <li>{@code protobuf}: the protobuf scrape, which is always assembled from the series.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ScrapeBenchmark {
    private static final int SERIES_PER_GROUP = 12;

    @Param({"1000", "10000", "100000"})
    public int groups;

    private ExpositionCache cache;
    private Map<String, Metrics.MetricFamily> body;
    private Group[] stored;
    private long version;

    @Setup
    public void fill() {
        body = PushBodies.parse(tenSeries());
        cache = new ExpositionCache();
        stored = new Group[groups];
        for (int i = 0; i < groups; i++) {
            stored[i] = push(i, 1);
            cache.changed(null, stored[i]);
        }
        version = 1;
        textUnchanged(new Processed()); // renders and caches every family once
    }

    @Benchmark
    public ByteArrayOutputStream textUnchanged(Processed processed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        cache.writeText(out, Map.of());
        processed.add(out.size(), (long) groups * SERIES_PER_GROUP);
        return out;
    }

    @Benchmark
    public ByteArrayOutputStream textAfterPush(Processed processed) {
        int i = (int) (version++ % groups);
        Group next = push(i, version);
        cache.changed(stored[i], next);
        stored[i] = next;
        return textUnchanged(processed);
    }

    @Benchmark
    public ByteArrayOutputStream protobuf(Processed processed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        for (Metrics.MetricFamily family : cache.protobufFamilies(Map.of())) {
            family.writeDelimitedTo(out);
        }
        processed.add(out.size(), (long) groups * SERIES_PER_GROUP);
        return out;
    }

    private Group push(int instance, long groupVersion) {
        GroupKey key = GroupKey.of("job", "bench", "instance", "i" + instance);
        return BenchmarkGroups.group(key, groupVersion, 1_700_000_000_000_000_000L + groupVersion, body);
    }

    /** The body bench/push.lua pushes. */
    private static byte[] tenSeries() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            text.append("bench_metric_")
                    .append(i)
                    .append("{kind=\"k")
                    .append(i)
                    .append("\"} ")
                    .append(i)
                    .append('\n');
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
