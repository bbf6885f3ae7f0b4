package io.pushgateway.cluster.security;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the web config current. Upstream re-reads the file for every request and every TLS
 * handshake; here a worker looks at the modification times of the file and of the TLS files it
 * names once a second and re-reads when one changed, so requests never wait for the disk. A file
 * that became invalid is logged and the last valid config stays in force (upstream answers 500 to
 * every request until it is fixed).
 */
public final class WebConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebConfigWatcher.class);
    static final long CHECK_INTERVAL_MILLIS = 1000;

    private final Vertx vertx;
    private final Path file;
    private final Consumer<WebConfig> onTlsChange;
    private volatile WebConfig current;
    private List<Object> fingerprint;
    private long timer = -1;

    /**
     * @param onTlsChange called on a worker thread with each new config that has TLS settings
     */
    public WebConfigWatcher(Vertx vertx, Path file, WebConfig initial, Consumer<WebConfig> onTlsChange) {
        this.vertx = vertx;
        this.file = file;
        this.current = initial;
        this.onTlsChange = onTlsChange;
        this.fingerprint = fingerprint(initial);
    }

    public WebConfig current() {
        return current;
    }

    public void start() {
        timer = vertx.setPeriodic(
                CHECK_INTERVAL_MILLIS,
                id -> vertx.executeBlocking(
                        () -> {
                            check();
                            return null;
                        },
                        false));
    }

    /** Re-reads the file if it or one of its TLS files changed since the last look. */
    synchronized void check() {
        List<Object> now = fingerprint(current);
        if (now.equals(fingerprint)) {
            return;
        }
        fingerprint = now;
        try {
            WebConfig next = WebConfigParser.parse(file);
            current = next;
            fingerprint = fingerprint(next);
            LOG.info("web config reloaded from {}", file);
            if (next.tls() != null) {
                // Certificates may have been replaced under the same names: reload them either way.
                onTlsChange.accept(next);
            }
        } catch (WebConfigException e) {
            LOG.error("web config {} is invalid, keeping the previous one: {}", file, e.getMessage());
        }
    }

    private List<Object> fingerprint(WebConfig config) {
        List<Object> stamps = new ArrayList<>();
        stamps.add(stamp(file));
        if (config.tls() != null) {
            config.tls().files().forEach(f -> stamps.add(stamp(f)));
        }
        return stamps;
    }

    private static Object stamp(Path path) {
        try {
            return List.of(Files.getLastModifiedTime(path).toMillis(), Files.size(path));
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
