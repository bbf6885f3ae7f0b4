package io.pushgateway.cluster.format;

/**
 * A request body that the gateway refuses with 400. The message is exactly the text of the response
 * body (without its trailing newline), e.g. {@code text format parsing error in line 1: unexpected
 * end of input stream}.
 */
public final class BodyParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public BodyParseException(String message) {
        // No stack trace: malformed bodies are ordinary client input, and a busy gateway can see
        // many of them; the message is all a caller ever uses.
        super(message, null, false, false);
    }
}
