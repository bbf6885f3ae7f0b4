package io.pushgateway.cluster.migrate;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.format.ProtobufDelimitedParser;
import io.pushgateway.cluster.store.OnExisting;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Reads every group of the source and writes each to the target's admin import endpoint, several
 * at a time. A transport error or a 5xx is retried a few times; a 400 fails that group only; a
 * 401, 403 or 404 means the target refuses imports altogether, so the import stops there.
 */
final class Importer {
    /** Thrown when the source cannot be read at all; the message is the one line the user sees. */
    static final class SourceUnavailableException extends Exception {
        SourceUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    /** What an import did; {@code fatal} is why it stopped early, or null. */
    record Summary(int read, Tally tally, Map<String, String> unreadable, String fatal, long nanos, boolean dryRun) {
        boolean succeeded() {
            return fatal == null && unreadable.isEmpty() && tally.failures().isEmpty();
        }
    }

    private static final String PROTOBUF_ACCEPT =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final int ATTEMPTS = 4;

    private final GatewayClient source;
    private final GatewayClient target;
    private final String sourceTelemetryPath;
    private final Pattern job;
    private final OnExisting onExisting;
    private final boolean dryRun;
    private final int parallel;
    private final PrintStream err;
    private final boolean terminal;

    Importer(
            GatewayClient source,
            GatewayClient target,
            String sourceTelemetryPath,
            Pattern job,
            OnExisting onExisting,
            boolean dryRun,
            int parallel,
            PrintStream err,
            boolean terminal) {
        this.source = source;
        this.target = target;
        this.sourceTelemetryPath = sourceTelemetryPath;
        this.job = job;
        this.onExisting = onExisting;
        this.dryRun = dryRun;
        this.parallel = parallel;
        this.err = err;
        this.terminal = terminal;
    }

    Summary run() throws SourceUnavailableException, InterruptedException {
        long started = System.nanoTime();
        byte[] json = read(source, "/api/v1/metrics", null, "source");
        HistogramSeries histograms = MetricsApiReader.hasHistograms(json) ? histograms() : HistogramSeries.NONE;
        MetricsApiReader.Read read;
        try {
            read = MetricsApiReader.read(json, histograms);
        } catch (IllegalArgumentException e) {
            throw new SourceUnavailableException(
                    "the source " + source.base() + " answered /api/v1/metrics with " + e.getMessage());
        }
        List<SourceGroup> groups = new ArrayList<>();
        for (SourceGroup group : read.groups()) {
            if (job == null || job.matcher(group.job()).matches()) {
                groups.add(group);
            }
        }
        Tally tally = new Tally();
        Progress progress = new Progress(err, terminal, groups.size(), dryRun ? "checked" : "imported");
        String fatal = dryRun ? plan(groups, tally, progress) : write(groups, tally, progress);
        progress.finish();
        return new Summary(
                read.groups().size() + read.unreadable().size(),
                tally,
                read.unreadable(),
                fatal,
                System.nanoTime() - started,
                dryRun);
    }

    private byte[] read(GatewayClient gateway, String path, String accept, String side)
            throws SourceUnavailableException, InterruptedException {
        GatewayClient.Answer answer;
        try {
            answer = gateway.get(path, accept);
        } catch (IOException e) {
            throw new SourceUnavailableException(
                    "cannot reach the " + side + " " + gateway.base() + ": " + describe(e));
        }
        if (answer.status() != 200) {
            throw new SourceUnavailableException("the " + side + " " + gateway.base() + " answered " + path + " with "
                    + answer.status() + " " + answer.text());
        }
        return answer.body();
    }

    /** The source's histograms from its protobuf scrape; without it, histograms keep only classic buckets. */
    private HistogramSeries histograms() throws InterruptedException {
        try {
            byte[] scrape = read(source, sourceTelemetryPath, PROTOBUF_ACCEPT, "source");
            Map<String, Metrics.MetricFamily> families = ProtobufDelimitedParser.parse(scrape);
            return HistogramSeries.of(families.values());
        } catch (SourceUnavailableException | BodyParseException e) {
            err.println("warning: histograms are read from the JSON only (classic buckets, no native ones): "
                    + e.getMessage());
            return HistogramSeries.NONE;
        }
    }

    /** A dry run: what would be written, judged from the target's groups if it lets them be read. */
    private String plan(List<SourceGroup> groups, Tally tally, Progress progress) throws InterruptedException {
        Map<Map<String, String>, long[]> held = new HashMap<>();
        try {
            for (SourceGroup group : MetricsApiReader.read(
                            read(target, "/api/v1/metrics", null, "target"), HistogramSeries.NONE)
                    .groups()) {
                held.put(group.labels(), new long[] {group.pushNanos(), group.failureNanos()});
            }
        } catch (SourceUnavailableException | IllegalArgumentException e) {
            err.println("warning: cannot tell which groups the target would keep: " + e.getMessage());
        }
        for (SourceGroup group : groups) {
            long[] times = held.get(group.labels());
            if (times == null || onExisting.replaces(times[0], times[1], group.pushNanos(), group.failureNanos())) {
                tally.written();
            } else {
                tally.skipped();
            }
            progress.update(tally);
        }
        return null;
    }

    private String write(List<SourceGroup> groups, Tally tally, Progress progress) throws InterruptedException {
        AtomicReference<String> fatal = new AtomicReference<>();
        ExecutorService writers = Executors.newFixedThreadPool(parallel, r -> {
            Thread thread = new Thread(r, "import-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (SourceGroup group : groups) {
                writers.execute(() -> {
                    if (fatal.get() != null) {
                        tally.notAttempted();
                    } else {
                        writeOne(group, tally, fatal);
                    }
                    progress.update(tally);
                });
            }
            writers.shutdown();
            while (!writers.awaitTermination(1, TimeUnit.MINUTES)) {
                // Every write has its own timeout; this only waits for them.
            }
        } finally {
            writers.shutdownNow();
        }
        return fatal.get();
    }

    private void writeOne(SourceGroup group, Tally tally, AtomicReference<String> fatal) {
        String path = ImportRequest.pathAndQuery(group, onExisting);
        byte[] body = ImportRequest.body(group);
        String last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                GatewayClient.Answer answer = target.put(path, body, ImportRequest.CONTENT_TYPE);
                int status = answer.status();
                if (status == 200) {
                    boolean written = new JsonObject(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8))
                            .getJsonObject("data")
                            .getBoolean("written");
                    if (written) {
                        tally.written();
                    } else {
                        tally.skipped();
                    }
                    return;
                }
                if (status == 401 || status == 403 || status == 404) {
                    String reason = refusal(status, answer.text());
                    fatal.compareAndSet(null, reason);
                    tally.failed(group.describe(), reason);
                    return;
                }
                last = status + " " + answer.text();
                if (status < 500) {
                    tally.failed(group.describe(), last);
                    return;
                }
            } catch (IOException e) {
                last = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tally.failed(group.describe(), "interrupted");
                return;
            } catch (RuntimeException e) {
                tally.failed(group.describe(), "unexpected answer: " + e.getMessage());
                return;
            }
            if (attempt < ATTEMPTS && !pause(250L << attempt)) {
                break;
            }
        }
        tally.failed(group.describe(), last);
    }

    private String refusal(int status, String text) {
        String hint = switch (status) {
            case 401 -> "check the user and password given for --to";
            case 403 -> "the user given for --to needs the admin role (access_control.admin_users)";
            default -> "the target serves imports only when started with --web.enable-admin-api";
        };
        return "the target " + target.base() + " refused the import with " + status + " " + text + ": " + hint;
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (message == null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
