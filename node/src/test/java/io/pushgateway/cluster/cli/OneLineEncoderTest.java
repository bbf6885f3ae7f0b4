package io.pushgateway.cluster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Log events are one line each, with a one-line cause, unless at debug level or for a bug. */
class OneLineEncoderTest {
    private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

    @Test
    void aMembersDeathReportedWithAStackTraceIsOneLogfmtLineWithItsCause() {
        String line = encode(
                Logging.logfmt(),
                false,
                event(
                        Level.WARN,
                        "com.hazelcast.spi.impl.operationservice",
                        "Invocation failed\nretrying",
                        notMember()));
        assertEquals(1, line.split("\n").length, line);
        assertTrue(
                line.contains("msg=\"Invocation failed retrying (cause: TargetNotMemberException: Not Member!;"
                        + " root cause MemberLeftException: gone)\""),
                line);
    }

    @Test
    void jsonToo() {
        String line = encode(
                new JsonEncoder(),
                false,
                event(Level.ERROR, "com.hazelcast.cluster", "member left", new MemberLeftException("gone")));
        assertEquals(1, line.split("\n").length, line);
        assertTrue(line.contains("member left (cause: MemberLeftException: gone)"), line);
        assertTrue(!line.contains("stepArray") && line.contains("\"throwable\":null"), line);
    }

    @Test
    void aBugKeepsItsStackTrace() {
        String text = encode(
                Logging.logfmt(),
                false,
                event(Level.ERROR, "io.pushgateway.cluster.Node", "could not start", new NullPointerException("boom")));
        assertTrue(text.contains("java.lang.NullPointerException: boom\n\tat "), text);
    }

    @Test
    void atDebugLevelEveryStackTraceIsKept() {
        String text = encode(
                Logging.logfmt(),
                true,
                event(Level.WARN, "com.hazelcast.cluster", "member left", new MemberLeftException("gone")));
        assertTrue(text.contains("MemberLeftException: gone\n\tat "), text);
    }

    private static Throwable notMember() {
        return new TargetNotMemberException("Not Member!").initCause(new MemberLeftException("gone"));
    }

    private String encode(Encoder<ILoggingEvent> lines, boolean debug, ILoggingEvent event) {
        lines.setContext(context);
        OneLineEncoder encoder = new OneLineEncoder(lines, debug);
        encoder.setContext(context);
        encoder.start();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private LoggingEvent event(Level level, String logger, String message, Throwable thrown) {
        return new LoggingEvent(getClass().getName(), context.getLogger(logger), level, message, thrown, null);
    }
}
