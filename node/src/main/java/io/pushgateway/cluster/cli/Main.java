package io.pushgateway.cluster.cli;

import io.pushgateway.cluster.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: flags as the Go Pushgateway names them, turned into a {@link Config}. */
@Command(name = "pushgateway-cluster", mixinStandardHelpOptions = true, abbreviateSynopsis = true, versionProvider = Main.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "A clustered, wire-compatible Prometheus Pushgateway.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--web.listen-address", defaultValue = ":9091", paramLabel = "HOST:PORT",
            description = "Address to listen on for the web interface, API and telemetry (default: ${DEFAULT-VALUE}).")
    String listenAddress;

    @Option(names = "--web.telemetry-path", defaultValue = "/metrics", paramLabel = "PATH",
            description = "Path under which to expose metrics (default: ${DEFAULT-VALUE}).")
    String telemetryPath;

    @Option(names = "--web.external-url", defaultValue = "", paramLabel = "URL",
            description = "The URL under which the gateway is reached from outside; its path is the default route prefix.")
    String externalUrl;

    @Option(names = "--web.route-prefix", defaultValue = "", paramLabel = "PATH",
            description = "Prefix for all routes (default: the path of --web.external-url).")
    String routePrefix;

    @Option(names = "--web.enable-lifecycle", description = "Enable shutdown via HTTP request (PUT or POST /-/quit).")
    boolean enableLifecycle;

    @Option(names = "--web.enable-admin-api", description = "Enable the admin API (PUT /api/v1/admin/wipe).")
    boolean enableAdminApi;

    @Option(names = "--push.disable-consistency-check",
            description = "Do not check pushes for consistency with the stored metrics; answer 202.")
    boolean disableConsistencyCheck;

    @Option(names = "--push.max-body-bytes", defaultValue = "67108864", paramLabel = "BYTES",
            description = "Largest push body accepted, before and after decompression (default: ${DEFAULT-VALUE}, 64 MiB).")
    long maxBodyBytes;

    @Option(names = "--log.level", defaultValue = "info", paramLabel = "LEVEL",
            description = "Only log messages with the given severity or above: debug, info, warn, error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--log.format", defaultValue = "logfmt", paramLabel = "FORMAT",
            description = "Output format of log messages: logfmt, json (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--cluster.name", defaultValue = "pushgateway", paramLabel = "NAME", hidden = true,
            description = "Name of the Hazelcast cluster; members of other names are ignored (default: ${DEFAULT-VALUE}).")
    String clusterName;

    public static void main(String[] args) {
        // Before any Hazelcast class logs: its start-up messages go through SLF4J too.
        System.setProperty("hazelcast.logging.type", "slf4j");
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, a) -> {
            System.err.println("pushgateway-cluster: error: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("pushgateway-cluster: error: " + e.getMessage());
            return 1;
        });
        int code = cli.execute(args);
        if (code != 0 || cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Config config = toConfig();
        Logging.configure(logLevel, logFormat);
        Node node = Node.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        node.terminated().whenComplete((v, e) -> stopped.countDown());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LoggerFactory.getLogger(Main.class).info("received termination signal, shutting down");
            node.close();
            awaitQuietly(stopped);
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    Config toConfig() {
        require(logLevel.matches("debug|info|warn|error"), "--log.level must be one of debug, info, warn, error: " + logLevel);
        require(logFormat.matches("logfmt|json"), "--log.format must be logfmt or json: " + logFormat);
        require(maxBodyBytes > 0, "--push.max-body-bytes must be positive: " + maxBodyBytes);
        int colon = listenAddress.lastIndexOf(':');
        require(colon >= 0, "--web.listen-address must be HOST:PORT: " + listenAddress);
        String host = listenAddress.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listenAddress.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--web.listen-address has no valid port: " + listenAddress);
        }
        require(port >= 0 && port <= 65535, "--web.listen-address port out of range: " + listenAddress);
        String prefix;
        try {
            prefix = Config.effectivePrefix(routePrefix, externalUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--web.external-url is not a URL: " + externalUrl);
        }
        return new Config(host, port, prefix, Config.joinPath(prefix, telemetryPath), externalUrl, enableLifecycle,
                enableAdminApi, !disableConsistencyCheck, maxBodyBytes, clusterName, flagValues());
    }

    private Map<String, String> flagValues() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("web.listen-address", listenAddress);
        flags.put("web.telemetry-path", telemetryPath);
        flags.put("web.external-url", externalUrl);
        flags.put("web.route-prefix", routePrefix);
        flags.put("web.enable-lifecycle", Boolean.toString(enableLifecycle));
        flags.put("web.enable-admin-api", Boolean.toString(enableAdminApi));
        flags.put("push.disable-consistency-check", Boolean.toString(disableConsistencyCheck));
        flags.put("push.max-body-bytes", Long.toString(maxBodyBytes));
        flags.put("log.level", logLevel);
        flags.put("log.format", logFormat);
        return flags;
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(new CommandLine(this), message);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pushgateway-cluster, version " + Version.VERSION + " (revision: " + Version.REVISION
                    + ", java: " + Runtime.version() + ")"};
        }
    }
}
