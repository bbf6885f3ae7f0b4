package io.pushgateway.cluster.http;

import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * The node's Vert.x options: how many event loops serve HTTP, and how long one may run a task
 * before Vert.x's blocked-thread checker warns. Tests set the system property
 * {@value #MAX_EXECUTE_MILLIS_PROPERTY} to make the checker strict, and fail on its warning.
 */
public final class EventLoopOptions {
    /** Milliseconds an event loop may spend on one task before the checker warns (Vert.x: 2 s). */
    public static final String MAX_EXECUTE_MILLIS_PROPERTY = "pushgateway.maxEventLoopExecuteMillis";

    private EventLoopOptions() {}

    public static VertxOptions of(ServerOptions config) {
        VertxOptions options = new VertxOptions();
        if (config.eventLoops() > 0) {
            options.setEventLoopPoolSize(config.eventLoops());
        }
        String strict = System.getProperty(MAX_EXECUTE_MILLIS_PROPERTY);
        if (strict != null && !strict.isBlank()) {
            long millis = Long.parseLong(strict.trim());
            options.setMaxEventLoopExecuteTime(millis)
                    .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                    .setBlockedThreadCheckInterval(Math.max(10, millis / 4))
                    .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                    // With the stack of the blocked thread: what blocked it is the point.
                    .setWarningExceptionTime(millis)
                    .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
        }
        return options;
    }
}
