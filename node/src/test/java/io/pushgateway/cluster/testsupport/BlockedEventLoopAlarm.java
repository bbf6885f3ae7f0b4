package io.pushgateway.cluster.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.pushgateway.cluster.http.EventLoopOptions;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Makes Vert.x's blocked-thread checker strict for the nodes a test starts in this JVM, and turns its
 * warnings into test failures: an event loop that runs one task for longer than
 * {@value #MAX_EXECUTE_MILLIS} ms is a bug, since every connection of that loop waits meanwhile.
 */
public final class BlockedEventLoopAlarm extends AppenderBase<ILoggingEvent> {
    public static final long MAX_EXECUTE_MILLIS = 200;
    private static final BlockedEventLoopAlarm INSTANCE = new BlockedEventLoopAlarm();
    private final List<String> warnings = new ArrayList<>();

    /** Call before a node creates its Vert.x; idempotent. */
    public static synchronized void arm() {
        if (INSTANCE.isStarted()) {
            return;
        }
        System.setProperty(EventLoopOptions.MAX_EXECUTE_MILLIS_PROPERTY, Long.toString(MAX_EXECUTE_MILLIS));
        Logger logger = (Logger) LoggerFactory.getLogger(BlockedThreadChecker.LOGGER_NAME);
        INSTANCE.setContext(logger.getLoggerContext());
        INSTANCE.setName("blocked-event-loop-alarm");
        INSTANCE.start();
        logger.addAppender(INSTANCE);
    }

    /** Fails if the checker warned since the last call, with its message (which names the thread and its stack). */
    public static void assertNoneSinceLastCheck() {
        List<String> seen;
        synchronized (INSTANCE.warnings) {
            seen = new ArrayList<>(INSTANCE.warnings);
            INSTANCE.warnings.clear();
        }
        if (!seen.isEmpty()) {
            throw new AssertionError("an event loop was blocked longer than " + MAX_EXECUTE_MILLIS + " ms:\n"
                    + String.join("\n", seen));
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            String stack = event.getThrowableProxy() == null ? ""
                    : "\n" + ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy());
            synchronized (warnings) {
                warnings.add(event.getFormattedMessage() + stack);
            }
        }
    }
}
