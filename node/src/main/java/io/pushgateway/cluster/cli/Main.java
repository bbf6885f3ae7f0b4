package io.pushgateway.cluster.cli;

import com.hazelcast.config.MapConfig;
import io.pushgateway.cluster.http.InputLimits;
import io.pushgateway.cluster.http.Version;
import io.pushgateway.cluster.memory.HeapSizing;
import io.pushgateway.cluster.memory.MemoryOptions;
import io.pushgateway.cluster.memory.OutOfMemoryExit;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.model.PromDuration;
import io.pushgateway.cluster.persistence.PersistenceOptions;
import io.pushgateway.cluster.security.WebConfigException;
import io.pushgateway.cluster.security.WebConfigParser;
import io.pushgateway.cluster.store.TtlPolicy;
import io.pushgateway.cluster.store.hazelcast.ClusterOptions;
import io.pushgateway.cluster.store.hazelcast.MemberAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: flags as the Go Pushgateway names them, turned into a {@link Config}. */
@Command(
        name = "pushgateway-cluster",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "A clustered, wire-compatible Prometheus Pushgateway.",
        subcommands = io.pushgateway.cluster.migrate.ImportCommand.class)
public final class Main implements java.util.concurrent.Callable<Integer> {
    @Option(
            names = "--web.listen-address",
            defaultValue = ":9091",
            paramLabel = "HOST:PORT",
            description = "Address to listen on for the web interface, API and telemetry (default: ${DEFAULT-VALUE}).")
    String listenAddress;

    @Option(
            names = "--web.telemetry-path",
            defaultValue = "/metrics",
            paramLabel = "PATH",
            description = "Path under which to expose metrics (default: ${DEFAULT-VALUE}).")
    String telemetryPath;

    @Option(
            names = "--web.external-url",
            defaultValue = "",
            paramLabel = "URL",
            description =
                    "The URL under which the gateway is reached from outside; its path is the default route prefix.")
    String externalUrl;

    @Option(
            names = "--web.route-prefix",
            defaultValue = "",
            paramLabel = "PATH",
            description = "Prefix for all routes (default: the path of --web.external-url).")
    String routePrefix;

    @Option(
            names = "--web.config.file",
            paramLabel = "FILE",
            description = "Configuration file (exporter-toolkit's format) to enable TLS and basic authentication, "
                    + "and our extension, roles. See README, Security.")
    String webConfigFile;

    @Option(
            names = "--web.event-loops",
            defaultValue = "0",
            paramLabel = "N",
            description = "Event loops of the node, each with an instance of the HTTP server on the same port "
                    + "(default: ${DEFAULT-VALUE}, Vert.x's default of twice the available cores).")
    int eventLoops;

    @Option(names = "--web.enable-lifecycle", description = "Enable shutdown via HTTP request (PUT or POST /-/quit).")
    boolean enableLifecycle;

    @Option(
            names = "--web.enable-admin-api",
            description = "Enable the admin API (PUT /api/v1/admin/wipe, PUT /api/v1/admin/import/...).")
    boolean enableAdminApi;

    @Option(
            names = "--web.enable-openmetrics",
            description = "Answer scrapes in OpenMetrics when the scraper prefers it (Prometheus does by default).")
    boolean enableOpenMetrics;

    @Option(
            names = "--push.disable-consistency-check",
            description = "Do not check pushes for consistency with the stored metrics; answer 202.")
    boolean disableConsistencyCheck;

    @Option(
            names = "--push.enable-utf8-names",
            description = "Accept any UTF-8 metric and label names in pushes: quoted names in the text format, "
                    + "U__-escaped label names in the URL.")
    boolean enableUtf8Names;

    @Option(
            names = "--push.max-body-bytes",
            paramLabel = "BYTES",
            description = "Largest push body accepted, before and after decompression (default: what "
                    + "--push.max-inflight-bytes allows, at most 64 MiB).")
    Long maxBodyBytes;

    @Option(
            names = "--push.max-inflight-bytes",
            paramLabel = "BYTES",
            description = "Bytes of push bodies this node reads, parses and stores at once; beyond them pushes get 503 "
                    + "with Retry-After (default: a quarter of the heap divided by "
                    + HeapSizing.TRANSIENT_BYTES_PER_BODY_BYTE + ", see the README's Memory section).")
    Long maxInflightBytes;

    @Option(
            names = "--store.max-series",
            defaultValue = "0",
            paramLabel = "N",
            description = "Series the store may hold over all groups; pushes adding more get 507 (default: 0, derived "
                    + "from the smallest member's heap, see the README's Memory section).")
    long maxStoreSeries;

    @Option(
            names = "--push.max-series",
            defaultValue = "100000",
            paramLabel = "N",
            description = "Most series one push may carry, over all its families (default: ${DEFAULT-VALUE}).")
    int maxSeries;

    @Option(
            names = "--push.max-label-pairs",
            defaultValue = "128",
            paramLabel = "N",
            description = "Most label pairs of one pushed series (default: ${DEFAULT-VALUE}).")
    int maxLabelPairs;

    @Option(
            names = "--push.max-label-name-length",
            defaultValue = "1024",
            paramLabel = "CHARS",
            description = "Longest label name in a push body or URL (default: ${DEFAULT-VALUE}).")
    int maxLabelNameLength;

    @Option(
            names = "--push.max-label-value-length",
            defaultValue = "16384",
            paramLabel = "CHARS",
            description = "Longest label value in a push body or URL (default: ${DEFAULT-VALUE}).")
    int maxLabelValueLength;

    @Option(
            names = "--web.max-url-length",
            defaultValue = "8192",
            paramLabel = "BYTES",
            description =
                    "Longest request line (method, URL, version); longer ones get 414 (default: ${DEFAULT-VALUE}).")
    int maxUrlLength;

    @Option(
            names = "--web.max-header-bytes",
            defaultValue = "16384",
            paramLabel = "BYTES",
            description = "Largest size of all request headers together; more get 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaderBytes;

    @Option(
            names = "--web.idle-timeout",
            defaultValue = "5m",
            paramLabel = "DURATION",
            description =
                    "A connection without traffic in either direction for this long is closed (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(
            names = "--web.read-timeout",
            defaultValue = "2m",
            paramLabel = "DURATION",
            description = "A request body must be complete this long after its headers (else 408 and the connection "
                    + "is closed), and the first request head of a new connection this long after it was opened "
                    + "(default: ${DEFAULT-VALUE}).")
    String readTimeout;

    @Option(
            names = "--web.probe-listen-address",
            defaultValue = "",
            paramLabel = "HOST:PORT",
            description = "A second listener serving only /-/healthy, /-/ready and the node telemetry path, outside"
                    + " --web.max-connections, for liveness and readiness probes (default: none).")
    String probeListenAddress;

    @Option(
            names = "--web.max-connections",
            defaultValue = "1024",
            paramLabel = "N",
            description = "Most open HTTP connections; further ones are closed at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(
            names = "--web.shutdown-delay",
            defaultValue = "0s",
            paramLabel = "DURATION",
            description = "On SIGTERM, /-/ready answers 503 at once while everything else is served for this long, "
                    + "so that load balancers stop sending traffic before the node stops (default: ${DEFAULT-VALUE}).")
    String shutdownDelay;

    @Option(
            names = "--web.shutdown-timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "After the delay, the longest time to finish requests in flight, hand this member's "
                            + "partitions over and write the last snapshot; then the node exits anyway (default: ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    @Option(
            names = "--push.default-ttl",
            defaultValue = "0",
            paramLabel = "DURATION",
            description = "How long a group lives without another successful push, unless a rule or the push says "
                    + "otherwise. 0: until deleted, as upstream (default: ${DEFAULT-VALUE}).")
    String defaultTtl;

    @Option(
            names = "--push.ttl-rule",
            paramLabel = "REGEX=DURATION",
            description = "Groups whose job matches REGEX (the whole name) live this long; repeat for more rules, "
                    + "the first match wins.")
    List<String> ttlRules = new ArrayList<>();

    @Option(
            names = "--push.ttl-rules-file",
            paramLabel = "FILE",
            description =
                    "More TTL rules, one REGEX=DURATION per line ('#' starts a comment), after those of --push.ttl-rule.")
    String ttlRulesFile;

    @Option(
            names = "--persistence.file",
            defaultValue = "",
            paramLabel = "FILE",
            description =
                    "File to save the groups in, and to restore them from at start. Empty: memory only (default).")
    String persistenceFile;

    @Option(
            names = "--persistence.interval",
            defaultValue = "5m",
            paramLabel = "DURATION",
            description =
                    "The least time between two snapshots; one is written only if groups changed (default: ${DEFAULT-VALUE}).")
    String persistenceInterval;

    @Option(
            names = "--log.level",
            defaultValue = "info",
            paramLabel = "LEVEL",
            description =
                    "Only log messages with the given severity or above: debug, info, warn, error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(
            names = "--log.format",
            defaultValue = "logfmt",
            paramLabel = "FORMAT",
            description = "Output format of log messages: logfmt, json (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(
            names = "--web.node-telemetry-path",
            defaultValue = "/metrics/node",
            paramLabel = "PATH",
            description = "Path serving only this node's own metrics (default: ${DEFAULT-VALUE}).")
    String nodeTelemetryPath;

    @Option(
            names = "--web.node-metrics-in-telemetry",
            defaultValue = "auto",
            paramLabel = "auto|true|false",
            description =
                    "Whether the telemetry path also shows this node's own metrics. auto: yes on a single node, "
                            + "as upstream; no in a cluster, so that every node serves the same scrape (default: ${DEFAULT-VALUE}).")
    String nodeMetricsInTelemetry;

    @Option(
            names = "--cluster.listen-address",
            defaultValue = "",
            paramLabel = "HOST:PORT",
            description = "Address of this node's cluster member. Empty: no clustering, a single node (default).")
    String clusterListenAddress;

    @Option(
            names = "--cluster.advertise-address",
            defaultValue = "",
            paramLabel = "HOST[:PORT]",
            description = "Address other members reach this one at, when it differs from the listen address; "
                    + "the port defaults to that of --cluster.listen-address, IPv6 goes in brackets: [::1]:5701.")
    String clusterAdvertiseAddress;

    @Option(
            names = "--cluster.peer",
            paramLabel = "HOST:PORT",
            description =
                    "A member to join; repeat for each. The same list may be given to every node, its own address included.")
    List<String> clusterPeers = new ArrayList<>();

    @Option(
            names = "--cluster.name",
            defaultValue = "pushgateway-cluster",
            paramLabel = "NAME",
            description = "Name of the cluster; members with another name are not joined (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(
            names = "--cluster.backup-count",
            paramLabel = "N",
            description =
                    "Synchronous backups of every group on other members. Default: the members but one, at most "
                            + "6, so that every member holds every group (members: the peers, or 2 * quorum - 1 without peers).")
    Integer clusterBackupCount;

    @Option(
            names = "--cluster.min-members",
            paramLabel = "N",
            description = "Writes are refused (503) while fewer members are visible. Default: a majority of the peers.")
    Integer clusterMinMembers;

    @Option(
            names = "--cluster.member-timeout",
            defaultValue = "10s",
            paramLabel = "DURATION",
            description = "A member not heard from for this long is declared dead (default: ${DEFAULT-VALUE}).")
    String clusterMemberTimeout;

    @Option(
            names = "--cluster.reconcile-interval",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "How often each node compares its copy of the groups with the cluster's (default: ${DEFAULT-VALUE}).")
    String clusterReconcileInterval;

    @Option(
            names = "--cluster.config",
            paramLabel = "FILE",
            description = "A complete Hazelcast member configuration (XML or YAML) instead of the cluster.* flags.")
    String clusterConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Parses flags into a Config the way the command line does; for embedding and tests. */
    public static Config parseConfig(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.toConfig();
    }

    public static void main(String[] args) {
        // Before any Hazelcast class logs: its start-up messages go through SLF4J too.
        System.setProperty("hazelcast.logging.type", "slf4j");
        OutOfMemoryExit.install();
        AsyncCompletions.keepPooled();
        int code = commandLine().execute(args);
        // Also after a clean shutdown: a thread some library left running must not keep the process.
        System.exit(code);
    }

    /** The command as {@link #main} runs it: a bad flag exits 2 with one line on stderr, a failure 1. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("pushgateway-cluster: error: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("pushgateway-cluster: error: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        Config config = toConfig();
        Logging.configure(logLevel, logFormat);
        Node node = Node.start(config).get(300, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        node.terminated().whenComplete((v, e) -> stopped.countDown());
        Duration shutdownBound =
                config.shutdownDelay().plus(config.shutdownTimeout()).plusSeconds(5);
        // SIGTERM and SIGINT are handled, not left to shutdown hooks: the node drains and exits 0, as
        // a process asked to stop should (a hook would exit 143 and cap the drain).
        for (String signal : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                LoggerFactory.getLogger(Main.class).info("received SIG{}, shutting down", s.getName());
                node.close();
            });
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            awaitQuietly(stopped, shutdownBound);
                        },
                        "shutdown"));
        stopped.await();
        return 0;
    }

    Config toConfig() {
        require(
                logLevel.matches("debug|info|warn|error"),
                "--log.level must be one of debug, info, warn, error: " + logLevel);
        require(logFormat.matches("logfmt|json"), "--log.format must be logfmt or json: " + logFormat);
        MemoryOptions memory = memoryOptions();
        Config.ListenAddress listen = listenAddress("--web.listen-address", listenAddress);
        require(eventLoops >= 0, "--web.event-loops must not be negative: " + eventLoops);
        String prefix;
        try {
            prefix = Config.effectivePrefix(routePrefix, externalUrl);
        } catch (IllegalArgumentException e) {
            throw usageError("--web.external-url is not a URL: " + externalUrl);
        }
        ClusterOptions cluster = clusterOptions();
        require(
                !duration("--web.shutdown-timeout", shutdownTimeout).isZero(),
                "--web.shutdown-timeout must be positive: " + shutdownTimeout);
        require(
                nodeMetricsInTelemetry.matches("auto|true|false"),
                "--web.node-metrics-in-telemetry must be auto, true or false: " + nodeMetricsInTelemetry);
        boolean nodeMetrics = nodeMetricsInTelemetry.equals("auto")
                ? !cluster.clustered()
                : Boolean.parseBoolean(nodeMetricsInTelemetry);
        return new Config(
                listen,
                prefix,
                Config.joinPath(prefix, telemetryPath),
                enableLifecycle,
                enableAdminApi,
                !disableConsistencyCheck,
                effectiveMaxBodyBytes(memory),
                cluster,
                Config.joinPath(prefix, nodeTelemetryPath),
                nodeMetrics,
                duration("--cluster.reconcile-interval", clusterReconcileInterval),
                ttlPolicy(),
                NameValidation.of(enableUtf8Names),
                webConfigFile(),
                enableOpenMetrics,
                persistenceOptions(),
                inputLimits(),
                memory,
                eventLoops,
                FlagTable.values(spec, effectiveValues(memory)),
                probeListenAddress.isEmpty() ? null : listenAddress("--web.probe-listen-address", probeListenAddress),
                duration("--web.shutdown-delay", shutdownDelay),
                duration("--web.shutdown-timeout", shutdownTimeout));
    }

    /** {@code HOST:PORT}, {@code :PORT} (every interface) or {@code [IPv6]:PORT}. */
    private Config.ListenAddress listenAddress(String flag, String value) {
        int colon = value.lastIndexOf(':');
        require(colon >= 0, flag + " must be HOST:PORT: " + value);
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw usageError(flag + " has no valid port: " + value);
        }
        require(port >= 0 && port <= 65535, flag + " port out of range: " + value);
        return new Config.ListenAddress(host, port);
    }

    /**
     * The memory limits, derived from the heap where not set. A body limit set above the derived
     * in-flight limit raises the latter to it: one push of the size allowed must be able to pass.
     */
    private MemoryOptions memoryOptions() {
        require(maxBodyBytes == null || maxBodyBytes > 0, "--push.max-body-bytes must be positive: " + maxBodyBytes);
        require(
                maxInflightBytes == null || maxInflightBytes > 0,
                "--push.max-inflight-bytes must be positive: " + maxInflightBytes);
        require(maxStoreSeries >= 0, "--store.max-series must not be negative: " + maxStoreSeries);
        long heap = HeapSizing.ownMaxHeap();
        long inflight = maxInflightBytes != null
                ? maxInflightBytes
                : Math.max(HeapSizing.inflightBytes(heap), maxBodyBytes == null ? 0 : maxBodyBytes);
        require(
                maxBodyBytes == null || maxBodyBytes <= inflight,
                "--push.max-body-bytes (" + maxBodyBytes + ") is larger than --push.max-inflight-bytes (" + inflight
                        + "): no push that large could be accepted");
        return new MemoryOptions(maxStoreSeries, inflight);
    }

    private long effectiveMaxBodyBytes(MemoryOptions memory) {
        return maxBodyBytes != null
                ? maxBodyBytes
                : Math.min(HeapSizing.bodyBytes(HeapSizing.ownMaxHeap()), memory.maxInflightBytes());
    }

    /** Read once here so that a bad file stops the start like a bad flag; the server reads it again. */
    private Path webConfigFile() {
        if (webConfigFile == null || webConfigFile.isEmpty()) {
            return null;
        }
        Path file = Path.of(webConfigFile);
        try {
            WebConfigParser.parse(file);
        } catch (WebConfigException e) {
            throw usageError("--web.config.file: " + e.getMessage());
        }
        return file;
    }

    private InputLimits inputLimits() {
        require(maxSeries > 0, "--push.max-series must be positive: " + maxSeries);
        require(maxLabelPairs > 0, "--push.max-label-pairs must be positive: " + maxLabelPairs);
        require(maxLabelNameLength > 0, "--push.max-label-name-length must be positive: " + maxLabelNameLength);
        require(maxLabelValueLength > 0, "--push.max-label-value-length must be positive: " + maxLabelValueLength);
        // Below these, ordinary requests of the gateway's own clients would be refused.
        require(maxUrlLength >= 256, "--web.max-url-length must be at least 256: " + maxUrlLength);
        require(maxHeaderBytes >= 1024, "--web.max-header-bytes must be at least 1024: " + maxHeaderBytes);
        require(maxConnections > 0, "--web.max-connections must be positive: " + maxConnections);
        Duration idle = duration("--web.idle-timeout", idleTimeout);
        Duration read = duration("--web.read-timeout", readTimeout);
        require(idle.toMillis() > 0, "--web.idle-timeout must be positive: " + idleTimeout);
        require(read.toMillis() > 0, "--web.read-timeout must be positive: " + readTimeout);
        return new InputLimits(
                maxSeries,
                maxLabelPairs,
                maxLabelNameLength,
                maxLabelValueLength,
                maxUrlLength,
                maxHeaderBytes,
                idle,
                read,
                maxConnections);
    }

    private TtlPolicy ttlPolicy() {
        List<String> texts = new ArrayList<>(ttlRules);
        if (ttlRulesFile != null) {
            try {
                for (String line : Files.readAllLines(Path.of(ttlRulesFile))) {
                    String rule = line.replaceFirst("#.*", "").trim();
                    if (!rule.isEmpty()) {
                        texts.add(rule);
                    }
                }
            } catch (IOException e) {
                throw usageError("--push.ttl-rules-file cannot be read: " + ttlRulesFile + " (" + e.getMessage() + ")");
            }
        }
        List<TtlPolicy.Rule> rules = new ArrayList<>();
        for (String text : texts) {
            try {
                rules.add(TtlPolicy.Rule.parse(text));
            } catch (IllegalArgumentException e) {
                throw usageError("--push.ttl-rule: " + e.getMessage());
            }
        }
        return new TtlPolicy(duration("--push.default-ttl", defaultTtl), List.copyOf(rules));
    }

    private PersistenceOptions persistenceOptions() {
        Duration interval = duration("--persistence.interval", persistenceInterval);
        require(!interval.isZero(), "--persistence.interval must be positive: " + persistenceInterval);
        return new PersistenceOptions(persistenceFile, interval);
    }

    private ClusterOptions clusterOptions() {
        Duration memberTimeout = duration("--cluster.member-timeout", clusterMemberTimeout);
        require(memberTimeout.toSeconds() >= 1, "--cluster.member-timeout must be at least 1s");
        require(
                clusterBackupCount == null || clusterBackupCount >= 0 && clusterBackupCount <= 6,
                "--cluster.backup-count must be 0 to 6: " + clusterBackupCount);
        if (clusterListenAddress.isEmpty() && clusterConfig == null) {
            require(clusterPeers.isEmpty(), "--cluster.peer needs --cluster.listen-address");
            require(clusterAdvertiseAddress.isEmpty(), "--cluster.advertise-address needs --cluster.listen-address");
            return ClusterOptions.standalone(clusterName);
        }
        if (clusterConfig != null) {
            require(
                    Files.isReadable(Path.of(clusterConfig)),
                    "--cluster.config is not a readable file: " + clusterConfig);
            // The file names the peers, so no majority can be derived from the flags.
            require(
                    clusterMinMembers != null || !clusterPeers.isEmpty(),
                    "--cluster.config needs --cluster.min-members (a majority of the cluster's size)");
        }
        String host = "";
        int port = 5701;
        if (!clusterListenAddress.isEmpty()) {
            int colon = clusterListenAddress.lastIndexOf(':');
            require(colon > 0, "--cluster.listen-address must be HOST:PORT: " + clusterListenAddress);
            host = clusterListenAddress.substring(0, colon);
            port = parsePort("--cluster.listen-address", clusterListenAddress.substring(colon + 1));
        }
        Set<String> members = new LinkedHashSet<>();
        for (String peer : clusterPeers) {
            int colon = peer.lastIndexOf(':');
            require(colon > 0, "--cluster.peer must be HOST:PORT: " + peer);
            parsePort("--cluster.peer", peer.substring(colon + 1));
            members.add(peer);
        }
        MemberAddress advertised = clusterAdvertiseAddress.isEmpty() ? null : advertiseAddress(port);
        String self = advertised != null ? advertised.toString() : host + ":" + port;
        Set<String> everyone = new LinkedHashSet<>(members);
        everyone.add(self);
        int minMembers = clusterMinMembers != null ? clusterMinMembers : everyone.size() / 2 + 1;
        require(minMembers >= 1, "--cluster.min-members must be at least 1: " + minMembers);
        // A copy on every member: a group acknowledged is kept while any one member lives. Hazelcast
        // allows six backups; a larger cluster keeps seven copies. Without peers (a config file
        // names them), the quorum tells the size: a majority of at most 2 * quorum - 1 members.
        int clusterSize = members.isEmpty() ? 2 * minMembers - 1 : everyone.size();
        int backups = clusterBackupCount != null
                ? clusterBackupCount
                : Math.max(1, Math.min(MapConfig.MAX_BACKUP_COUNT, clusterSize - 1));
        return new ClusterOptions(
                host.isEmpty() ? "0.0.0.0" : host,
                port,
                advertised == null ? "" : advertised.host(),
                advertised == null ? 0 : advertised.port(),
                List.copyOf(members),
                clusterName,
                backups,
                minMembers,
                memberTimeout,
                clusterConfig);
    }

    /** The advertised address; without a port, the member's listen port. */
    private MemberAddress advertiseAddress(int listenPort) {
        try {
            return MemberAddress.parse(clusterAdvertiseAddress, listenPort);
        } catch (IllegalArgumentException e) {
            throw usageError("--cluster.advertise-address \"" + clusterAdvertiseAddress + "\": " + e.getMessage()
                    + "; expected " + MemberAddress.FORM);
        }
    }

    private Duration duration(String flag, String value) {
        try {
            return PromDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw usageError(flag + ": " + e.getMessage());
        }
    }

    private int parsePort(String flag, String text) {
        try {
            int port = Integer.parseInt(text);
            require(port > 0 && port <= 65535, flag + " port out of range: " + text);
            return port;
        } catch (NumberFormatException e) {
            throw usageError(flag + " has no valid port: " + text);
        }
    }

    /** Flags whose value in effect is derived rather than given, as the status shows them. */
    private Map<String, String> effectiveValues(MemoryOptions memory) {
        return Map.of(
                "--push.max-body-bytes",
                Long.toString(effectiveMaxBodyBytes(memory)),
                "--push.max-inflight-bytes",
                Long.toString(memory.maxInflightBytes()));
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw usageError(message);
        }
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "pushgateway-cluster, version " + Version.VERSION + " (revision: " + Version.REVISION + ", java: "
                        + Runtime.version() + ")"
            };
        }
    }
}
