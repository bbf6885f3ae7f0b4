package io.pushgateway.cluster.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.prometheus.metrics.expositionformats.internal.PrometheusProtobufWriterImpl;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.pushgateway.cluster.memory.InflightBytes;
import io.pushgateway.cluster.memory.SeriesBudget;
import io.pushgateway.cluster.persistence.PersistenceStats;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.OwnFamilies;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's own metrics: the Pushgateway's {@code pushgateway_*} families plus JVM and process
 * metrics from client_java, which stand in for upstream's Go runtime metrics.
 */
public final class NodeMetrics implements OwnFamilies {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusProtobufWriterImpl converter = new PrometheusProtobufWriterImpl();
    private final Counter requests;
    private final Counter rejected;
    private final Summary pushDuration;
    private final Summary pushSize;
    /** Name, type and help of every own family, known from start-up (even before a series exists). */
    private volatile Map<String, Metrics.MetricFamily> schema;

    public NodeMetrics(String version, String revision) {
        requests = Counter.builder()
                .name("pushgateway_http_requests_total")
                .help("Total HTTP requests processed by the Pushgateway, excluding scrapes.")
                .labelNames("code", "handler", "method")
                .register(registry);
        rejected = Counter.builder()
                .name("pushgateway_rejected_writes_total")
                .help("Pushes and deletes refused, by reason.")
                .labelNames("reason")
                .register(registry);
        pushDuration = Summary.builder()
                .name("pushgateway_http_push_duration_seconds")
                .help("HTTP request duration for pushes to the Pushgateway.")
                .labelNames("method")
                .quantile(0.1, 0.01)
                .quantile(0.5, 0.05)
                .quantile(0.9, 0.01)
                .register(registry);
        pushSize = Summary.builder()
                .name("pushgateway_http_push_size_bytes")
                .help("HTTP request size for pushes to the Pushgateway.")
                .labelNames("method")
                .quantile(0.1, 0.01)
                .quantile(0.5, 0.05)
                .quantile(0.9, 0.01)
                .register(registry);
        Info buildInfo = Info.builder()
                .name("pushgateway_build_info")
                .help(
                        "A metric with a constant '1' value labeled by version, revision, branch, goversion from which pushgateway was built, and the goos and goarch for the build.")
                .labelNames("branch", "goarch", "goos", "goversion", "revision", "tags", "version")
                .register(registry);
        buildInfo.setLabelValues(
                "",
                System.getProperty("os.arch"),
                System.getProperty("os.name").toLowerCase(),
                "java" + Runtime.version().feature(),
                revision,
                "",
                version);
        JvmMetrics.builder().register(registry);
        schema = gather();
    }

    /** Cluster gauges, read when scraped. */
    public void registerCluster(ClusterView cluster, ExpositionCache exposition) {
        GaugeWithCallback.builder()
                .name("pushgateway_scrape_conflicting_series")
                .help("Stored series left out of the scrape because they conflict with others (another type, or the "
                        + "same labels in two groups); only data pushed unchecked or during a partition can do that.")
                .callback(cb -> cb.call(exposition.conflictingSeries()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_cluster_members")
                .help("Members of the cluster as this node sees them.")
                .callback(cb -> cb.call(cluster.members()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_cluster_replica_groups")
                .help("Groups held in this node's replica.")
                .callback(cb -> cb.call(cluster.replicaGroups()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_cluster_replica_lag_seconds")
                .help("Time from the last change made on another node to its arrival in this node's replica.")
                .callback(cb -> cb.call(cluster.replicaLagSeconds()))
                .register(registry);
        CounterWithCallback.builder()
                .name("pushgateway_expired_groups_total")
                .help("Groups this node dropped because they were not pushed again within their time to live.")
                .callback(cb -> cb.call(cluster.expiredGroups()))
                .register(registry);
        CounterWithCallback.builder()
                .name("pushgateway_cluster_replica_repairs_total")
                .help("Groups of this node's replica that reconciliation found stale or missing and repaired.")
                .callback(cb -> cb.call(cluster.repairs()))
                .register(registry);
        schema = gather();
    }

    /** The store's fill level and the push bytes in flight, read when scraped. */
    public void registerMemory(SeriesBudget budget, InflightBytes inflight) {
        GaugeWithCallback.builder()
                .name("pushgateway_store_series")
                .help("Series the store holds, over all groups, as this node's replica counts them: pushed ones and "
                        + "the two push-time series of each group.")
                .callback(cb -> cb.call(budget.stored()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_store_series_limit")
                .help(
                        "Series the store may hold; pushes that would add more are refused with 507 (--store.max-series).")
                .callback(cb -> cb.call(budget.limit()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_push_inflight_bytes")
                .help("Bytes of push bodies this node is reading, parsing and storing now.")
                .callback(cb -> cb.call(inflight.used()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_push_inflight_bytes_limit")
                .help(
                        "Bytes of push bodies this node holds at once; beyond them pushes get 503 (--push.max-inflight-bytes).")
                .callback(cb -> cb.call(inflight.limit()))
                .register(registry);
        // Present from the start, so that rate() over it works before the first refusal.
        rejected.labelValues("store_full");
        rejected.labelValues("inflight_full");
        schema = gather();
    }

    /** Snapshot gauges and counters, read when scraped; only on nodes with a snapshot file. */
    public void registerPersistence(PersistenceStats stats) {
        GaugeWithCallback.builder()
                .name("pushgateway_persistence_last_snapshot_timestamp_seconds")
                .help("Unix time when the last snapshot this node wrote successfully was taken; 0 before the first.")
                .callback(cb -> cb.call(stats.lastSnapshotSeconds()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_persistence_last_snapshot_duration_seconds")
                .help("How long the last successful snapshot took to copy and write.")
                .callback(cb -> cb.call(stats.lastDurationSeconds()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_persistence_last_snapshot_size_bytes")
                .help("Size of the last snapshot file written.")
                .callback(cb -> cb.call(stats.lastSizeBytes()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_persistence_last_snapshot_groups")
                .help("Groups in the last snapshot written.")
                .callback(cb -> cb.call(stats.lastGroups()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("pushgateway_persistence_restored_groups")
                .help("Groups this node put back into the cluster from its snapshot when it started.")
                .callback(cb -> cb.call(stats.restoredGroups()))
                .register(registry);
        CounterWithCallback.builder()
                .name("pushgateway_persistence_snapshot_failures_total")
                .help("Snapshots that could not be written.")
                .callback(cb -> cb.call(stats.failures()))
                .register(registry);
        CounterWithCallback.builder()
                .name("pushgateway_persistence_corrupt_snapshots_total")
                .help("Snapshot files found damaged, truncated or of an unknown format at start, and skipped.")
                .callback(cb -> cb.call(stats.corruptSnapshots()))
                .register(registry);
        schema = gather();
    }

    /**
     * A write the node refused, by reason: parse, inconsistent, timestamps, too_large, unavailable,
     * store_full, inflight_full.
     */
    public void countRejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    public void countRequest(int status, String handler, String method) {
        requests.labelValues(Integer.toString(status), handler, method.toLowerCase())
                .inc();
    }

    void observePushDuration(String method, long nanos) {
        pushDuration.labelValues(method.toLowerCase()).observe(nanos / 1e9);
    }

    void observePushSize(String method, long bytes) {
        pushSize.labelValues(method.toLowerCase()).observe(bytes);
    }

    /** The own families as they are now, by name. */
    public Map<String, Metrics.MetricFamily> gather() {
        Map<String, Metrics.MetricFamily> families = new LinkedHashMap<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            Metrics.MetricFamily family = converter.convert(snapshot, EscapingScheme.ALLOW_UTF8);
            families.put(family.getName(), family);
        }
        return families;
    }

    @Override
    public Metrics.MetricType typeOf(String name) {
        Metrics.MetricFamily family = schema.get(name);
        return family == null ? null : family.getType();
    }

    @Override
    public String helpOf(String name) {
        Metrics.MetricFamily family = schema.get(name);
        return family == null ? null : family.getHelp();
    }
}
