package io.pushgateway.cluster.cli;

import io.pushgateway.cluster.http.InputLimits;
import io.pushgateway.cluster.http.ServerOptions;
import io.pushgateway.cluster.memory.MemoryOptions;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.persistence.PersistenceOptions;
import io.pushgateway.cluster.store.TtlPolicy;
import io.pushgateway.cluster.store.hazelcast.ClusterOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a node is configured with, decided once at start-up from the flags.
 *
 * @param listen where the HTTP server listens
 * @param routePrefix the effective prefix of every route: empty or {@code /x} without trailing slash
 * @param telemetryPath the scrape path including the prefix
 * @param cluster how this node joins others (or not)
 * @param nodeTelemetryPath where only this node's own metrics are served, including the prefix
 * @param nodeMetricsInScrape whether the telemetry path also carries this node's own metrics
 * @param reconcileInterval how often the local replica is compared with the cluster map
 * @param ttl how long groups live without another push
 * @param names which metric and label names pushes may use: classic, or any UTF-8
 * @param webConfigFile the TLS and authentication file (validated at start-up), or null for neither
 * @param openMetrics whether scrapes may be answered in OpenMetrics when the scraper prefers it
 * @param persistence where and how often the groups are saved
 * @param limits what one client may send and hold (sizes, counts, timeouts, connections)
 * @param memory how many series the store and how many body bytes the pushes in flight may hold
 * @param eventLoops the node's event loops, each serving HTTP (0: Vert.x's default, twice the cores)
 * @param flags every flag by name with its value in effect as text, for {@code /api/v1/status}; read
 *     from the command's model by {@link FlagTable}
 * @param probeListen the separate listener for probes and node metrics, or null for none
 * @param shutdownDelay how long a stopping node keeps serving, unready, before it stops taking connections
 * @param shutdownTimeout the longest the rest of a shutdown may take (requests in flight, leaving, snapshot)
 */
public record Config(
        ListenAddress listen,
        String routePrefix,
        String telemetryPath,
        boolean enableLifecycle,
        boolean enableAdminApi,
        boolean consistencyCheck,
        long maxBodyBytes,
        ClusterOptions cluster,
        String nodeTelemetryPath,
        boolean nodeMetricsInScrape,
        Duration reconcileInterval,
        TtlPolicy ttl,
        NameValidation names,
        Path webConfigFile,
        boolean openMetrics,
        PersistenceOptions persistence,
        InputLimits limits,
        MemoryOptions memory,
        int eventLoops,
        Map<String, String> flags,
        ListenAddress probeListen,
        Duration shutdownDelay,
        Duration shutdownTimeout)
        implements ServerOptions {

    /** A {@code HOST:PORT} to listen on; an empty host means every interface. */
    public record ListenAddress(String host, int port) implements ServerOptions.Address {}

    /**
     * The route prefix as the Pushgateway derives it: the flag if set, else the path of the external
     * URL; {@code /} means none; otherwise it starts with {@code /} and does not end with one.
     */
    static String effectivePrefix(String routePrefix, String externalUrl) {
        String prefix = routePrefix;
        if (prefix == null || prefix.isEmpty()) {
            prefix = externalUrl == null || externalUrl.isEmpty()
                    ? ""
                    : URI.create(externalUrl).getPath();
        }
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return "";
        }
        if (!prefix.startsWith("/")) {
            prefix = "/" + prefix;
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix;
    }

    /** Joins prefix and path as Go's path.Join does for the telemetry path. */
    static String joinPath(String prefix, String path) {
        String joined = (prefix + "/" + path).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined.isEmpty() ? "/" : joined;
    }
}
