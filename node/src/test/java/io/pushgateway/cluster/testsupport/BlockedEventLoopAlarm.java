package io.pushgateway.cluster.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.pushgateway.cluster.http.EventLoopOptions;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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

    /**
     * Forgets warnings so far. Called once a node is ready: while Vert.x deploys the HTTP verticles,
     * the checker reports loops that are in fact idle in their selector.
     */
    public static void ignoreSoFar() {
        synchronized (INSTANCE.warnings) {
            INSTANCE.warnings.clear();
        }
    }

    /** Fails if the checker warned since the last call, with its message (which names the thread and its stack). */
    public static void assertNoneSinceLastCheck() {
        List<String> seen;
        synchronized (INSTANCE.warnings) {
            seen = new ArrayList<>(INSTANCE.warnings);
            INSTANCE.warnings.clear();
        }
        if (!seen.isEmpty()) {
            throw new AssertionError(
                    "an event loop was blocked longer than " + MAX_EXECUTE_MILLIS + " ms:\n" + String.join("\n", seen));
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        String stack = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
        if (firstUseOrIdle(stack)) {
            return;
        }
        synchronized (warnings) {
            warnings.add(event.getFormattedMessage() + "\n" + stack);
        }
    }

    /**
     * Not a blocking call of ours: a loop caught loading, linking or initialising a class the first
     * time it runs a path, starting a pool's thread, or Netty's buffer pool growing by a direct
     * chunk (long on a busy machine with a cold JVM, and once per JVM, thread or chunk), or idle in
     * its selector (the checker reports that while verticles are deployed).
     */
    private static boolean firstUseOrIdle(String stack) {
        int top = stack.indexOf("\tat ");
        String firstFrame = top < 0 ? "" : stack.substring(top, Math.max(top, stack.indexOf('\n', top)));
        return firstFrame.contains("EPoll.wait") || FIRST_USE.matcher(stack).find();
    }

    private static final Pattern FIRST_USE = Pattern.compile(
            "ClassLoader\\.loadClass|ClassLoader\\.defineClass|MethodHandleNatives\\.linkCallSite"
                    + "|MethodHandleNatives\\.linkDynamicConstant|Class\\.forName|\\.<clinit>\\(|Thread\\.start0|ByteBuffer\\.allocateDirect");
}
