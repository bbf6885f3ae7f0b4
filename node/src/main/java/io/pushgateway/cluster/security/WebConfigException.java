package io.pushgateway.cluster.security;

/** The web config file cannot be used; the message says why, on one line. */
public final class WebConfigException extends Exception {
    public WebConfigException(String message) {
        super(message.replaceAll("\\s*\\R\\s*", " ").trim());
    }
}
