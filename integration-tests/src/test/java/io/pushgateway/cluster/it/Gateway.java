package io.pushgateway.cluster.it;

import java.net.URI;

/**
 * A running Pushgateway-compatible server on 127.0.0.1, started fresh by a test and owned by it.
 * Closing it stops the process.
 */
interface Gateway extends AutoCloseable {

    /** Base URI without trailing slash, e.g. {@code http://127.0.0.1:40123}. */
    URI baseUri();

    /** Short human-readable name for assertion messages, e.g. {@code go-1.5.1} or {@code node}. */
    String name();

    /** The last lines the process wrote to stdout/stderr, for diagnosing a failed test. */
    String logTail();

    @Override
    void close();
}
