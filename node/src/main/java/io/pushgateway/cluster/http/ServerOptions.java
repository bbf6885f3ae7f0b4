package io.pushgateway.cluster.http;

import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.TtlPolicy;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the HTTP server is configured with. The node's configuration implements it, so that this
 * package reads the flags' values without knowing the command line that produced them.
 */
public interface ServerOptions {
    /** A {@code HOST:PORT} to listen on; an empty host means every interface. */
    interface Address {
        String host();

        int port();
    }

    /** Where the HTTP server listens. */
    Address listen();

    /** The effective prefix of every route: empty or {@code /x} without trailing slash. */
    String routePrefix();

    /** The scrape path including the prefix. */
    String telemetryPath();

    /** Where only this node's own metrics are served, including the prefix. */
    String nodeTelemetryPath();

    boolean nodeMetricsInScrape();

    boolean enableLifecycle();

    boolean enableAdminApi();

    /** Whether pushes are checked for consistency with what the cluster holds before they are stored. */
    boolean consistencyCheck();

    long maxBodyBytes();

    TtlPolicy ttl();

    NameValidation names();

    /** The TLS and authentication file, or null for neither. */
    Path webConfigFile();

    /** Whether scrapes may be answered in OpenMetrics when the scraper prefers it. */
    boolean openMetrics();

    InputLimits limits();

    /** The node's event loops, each serving HTTP (0: Vert.x's default). */
    int eventLoops();

    /** Every flag by name with its value as text, for {@code /api/v1/status}. */
    Map<String, String> flags();

    /** The separate listener for probes and node metrics, or null for none. */
    Address probeListen();
}
