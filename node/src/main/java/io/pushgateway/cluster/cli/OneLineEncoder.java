package io.pushgateway.cluster.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.pushgateway.cluster.store.hazelcast.UndecidedWrites;

/**
 * Writes every event as one line, for line-based log collectors: a message's line breaks become
 * spaces, and an exception becomes a one-line cause after the message. Only at debug level, and for
 * errors that are not part of a cluster's normal life (a bug), is the stack trace kept. A member's
 * death is expected: Hazelcast reports it with a stack trace of twenty lines to every survivor.
 */
final class OneLineEncoder extends EncoderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> lines;
    private final boolean debug;

    /** @param lines writes the event as the configured format (logfmt or JSON) */
    OneLineEncoder(Encoder<ILoggingEvent> lines, boolean debug) {
        this.lines = lines;
        this.debug = debug;
    }

    @Override
    public void start() {
        lines.start();
        super.start();
    }

    @Override
    public void stop() {
        lines.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return lines.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return lines.footerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return lines.encode(debug ? event : oneLine(event));
    }

    static ILoggingEvent oneLine(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        boolean multiLine = message != null && (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0);
        boolean bug = thrown instanceof ThrowableProxy proxy
                && event.getLevel() == Level.ERROR
                && !UndecidedWrites.isClusterEvent(proxy.getThrowable());
        if (!multiLine && (thrown == null || bug)) {
            return event;
        }
        StringBuilder line = new StringBuilder(
                message == null
                        ? ""
                        : message.replaceAll("\\s*[\r\n]+\\s*", " ").trim());
        if (thrown != null && !bug) {
            line.append(" (cause: ").append(causeOf(thrown)).append(')');
        }
        LoggingEvent copy = new LoggingEvent();
        copy.setLoggerName(event.getLoggerName());
        copy.setLevel(event.getLevel());
        copy.setThreadName(event.getThreadName());
        copy.setInstant(event.getInstant());
        copy.setSequenceNumber(event.getSequenceNumber());
        copy.setLoggerContextRemoteView(event.getLoggerContextVO());
        copy.setMDCPropertyMap(event.getMDCPropertyMap());
        copy.setKeyValuePairs(event.getKeyValuePairs());
        copy.setMessage(line.toString());
        if (bug) {
            copy.setThrowableProxy((ThrowableProxy) thrown);
        }
        return copy;
    }

    /** The exception and, if different, its root cause: class names and first lines of their messages. */
    private static String causeOf(IThrowableProxy thrown) {
        IThrowableProxy root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = describe(thrown);
        return root == thrown ? cause : cause + "; root cause " + describe(root);
    }

    private static String describe(IThrowableProxy thrown) {
        String name = thrown.getClassName().substring(thrown.getClassName().lastIndexOf('.') + 1);
        String message = thrown.getMessage();
        if (message == null || message.isBlank()) {
            return name;
        }
        return name + ": " + message.replaceAll("\\s*[\r\n]+\\s*", " ").trim();
    }
}
