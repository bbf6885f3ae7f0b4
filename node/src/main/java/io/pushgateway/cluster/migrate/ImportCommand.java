package io.pushgateway.cluster.migrate;

import io.pushgateway.cluster.model.PromDuration;
import io.pushgateway.cluster.store.OnExisting;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pushgateway-cluster import --from URL --to URL}: copies every group of a running Go
 * Pushgateway (or node) into a cluster with its push and failure times. Exit code 0 if every group
 * was written or kept, 1 if a group failed or a gateway could not be read or refused, 2 for a bad
 * command line.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        modelTransformer = ImportCommand.EndpointMixins.class,
        description = "Copy every group of a running Go Pushgateway (or of another node) into this cluster, "
                + "keeping push_time_seconds and push_failure_time_seconds. The target needs --web.enable-admin-api.")
public final class ImportCommand implements Callable<Integer> {
    @Option(
            names = "--from",
            required = true,
            paramLabel = "URL",
            description = "The gateway to read, with its route prefix, e.g. http://old-gateway:9091.")
    String from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URL",
            description = "A node of the cluster to write to, with its route prefix, e.g. http://cluster:9091.")
    String to;

    @Option(
            names = "--dry-run",
            description = "Read and convert every group, say what would be written; write nothing.")
    boolean dryRun;

    @Option(
            names = "--job",
            paramLabel = "REGEX",
            description = "Only groups whose job matches REGEX (the whole name).")
    String job;

    @Option(
            names = "--on-existing",
            defaultValue = "newer",
            paramLabel = "newer|overwrite|skip",
            description = "A group the target holds already: replaced if the source's is newer by push time (then "
                    + "failure time), always replaced, or kept (default: ${DEFAULT-VALUE}).")
    String onExisting;

    @Option(
            names = "--parallel",
            defaultValue = "4",
            paramLabel = "N",
            description = "Groups written at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(
            names = "--timeout",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "Longest wait for a connection or an answer (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--from-telemetry-path",
            defaultValue = "/metrics",
            paramLabel = "PATH",
            description =
                    "The source's scrape path under its URL, read for native histograms (default: ${DEFAULT-VALUE}).")
    String fromTelemetryPath;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OnExisting policy = usage(() -> OnExisting.of(onExisting), "--on-existing");
        Pattern jobPattern = job == null ? null : usage(() -> Pattern.compile(job), "--job");
        Duration wait = usage(() -> PromDuration.parse(timeout), "--timeout");
        if (wait.isZero()) {
            throw usageError("--timeout must be positive: " + timeout);
        }
        if (parallel < 1 || parallel > 64) {
            throw usageError("--parallel must be 1 to 64: " + parallel);
        }
        GatewayClient source = client("--from", from, wait);
        GatewayClient target = client("--to", to, wait);
        PrintStream out = System.out;
        Importer importer = new Importer(
                source,
                target,
                fromTelemetryPath.startsWith("/") ? fromTelemetryPath : "/" + fromTelemetryPath,
                jobPattern,
                policy,
                dryRun,
                parallel,
                System.err,
                System.console() != null);
        Importer.Summary summary;
        try {
            summary = importer.run();
        } catch (Importer.SourceUnavailableException e) {
            System.err.println("pushgateway-cluster import: error: " + e.getMessage());
            return 1;
        }
        print(summary, out);
        return summary.succeeded() ? 0 : 1;
    }

    private static void print(Importer.Summary summary, PrintStream out) {
        Tally tally = summary.tally();
        String verb = summary.dryRun() ? "would be written" : "written";
        out.printf(
                "groups read: %d, %s: %d, skipped: %d, failed: %d%s (%.1f s)%n",
                summary.read(),
                verb,
                tally.writtenCount(),
                tally.skippedCount(),
                tally.failures().size() + summary.unreadable().size(),
                tally.notAttemptedCount() > 0 ? ", not attempted: " + tally.notAttemptedCount() : "",
                summary.nanos() / 1e9);
        if (summary.fatal() != null) {
            out.println("stopped: " + summary.fatal());
        }
        for (Map.Entry<String, String> failed : summary.unreadable().entrySet()) {
            out.println("failed " + failed.getKey() + ": unreadable at the source: " + failed.getValue());
        }
        for (Map.Entry<String, String> failed : tally.failures().entrySet()) {
            out.println("failed " + failed.getKey() + ": " + failed.getValue());
        }
    }

    private GatewayClient client(String flag, String url, Duration wait) {
        EndpointOptions endpoint = EndpointOptions.of(spec, flag);
        String user = endpoint.user();
        ClientTls tls = endpoint.tls();
        String password = null;
        if (endpoint.passwordFile() != null) {
            try {
                password = Files.readString(endpoint.passwordFile()).strip();
            } catch (IOException e) {
                throw usageError(flag + "-password-file cannot be read: " + endpoint.passwordFile());
            }
            if (user == null) {
                throw usageError(flag + "-password-file needs " + flag + "-user");
            }
        }
        if ((tls.certFile() == null) != (tls.keyFile() == null)) {
            throw usageError(flag + "-cert-file and " + flag + "-key-file go together");
        }
        try {
            return GatewayClient.of(url, user, password, tls, wait);
        } catch (IllegalArgumentException e) {
            throw usageError(flag + ": " + e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            throw usageError(flag + " TLS files: " + e.getMessage());
        }
    }

    /** Adds the basic auth and TLS options of the source and of the target, declared once in {@link EndpointOptions}. */
    static final class EndpointMixins implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
            command.addMixin("from-endpoint", EndpointOptions.mixin("--from", "source", ""));
            command.addMixin("to-endpoint", EndpointOptions.mixin("--to", "target", " (an admin)"));
            // Help and version were added before these; --help lists them last, as before.
            for (CommandLine.Model.OptionSpec option : java.util.List.copyOf(command.options())) {
                if (option.usageHelp() || option.versionHelp()) {
                    command.remove(option);
                    command.addOption(option);
                }
            }
            return command;
        }
    }

    private interface Parse<T> {
        T get();
    }

    private <T> T usage(Parse<T> parse, String flag) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            // PatternSyntaxException is one too; its message spans lines.
            String message = e instanceof PatternSyntaxException p
                    ? p.getDescription() + " near index " + p.getIndex()
                    : e.getMessage();
            throw usageError(flag + ": " + message);
        }
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
