package io.pushgateway.cluster.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up logging to stderr from {@code --log.level} and {@code --log.format}, as Prometheus components do. */
final class Logging {
    private Logging() {}

    static void configure(String level, String format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> lines = format.equals("json") ? new JsonEncoder() : logfmt();
        lines.setContext(context);
        Encoder<ILoggingEvent> encoder = new OneLineEncoder(lines, level.equals("debug"));
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.toLevel(level.equals("warn") ? "WARN" : level.toUpperCase()));
        // Hazelcast is chatty at info; its warnings and errors still show.
        context.getLogger("com.hazelcast").setLevel(level.equals("debug") ? Level.INFO : Level.WARN);
        // A single node joins nobody on purpose; Hazelcast warns about that at every start.
        context.getLogger("com.hazelcast.instance.impl.Node")
                .setLevel(level.equals("debug") ? Level.INFO : Level.ERROR);
    }

    static PatternLayoutEncoder logfmt() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(
                "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level{} caller=%logger{0} msg=\"%replace(%msg){'\"','\\\\\"'}\"%n");
        return encoder;
    }
}
