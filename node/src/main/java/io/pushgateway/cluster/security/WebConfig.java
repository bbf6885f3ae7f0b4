package io.pushgateway.cluster.security;

import java.util.Map;

/**
 * The web config file (exporter-toolkit's format, plus our {@code access_control}), validated.
 *
 * @param tls TLS settings, or null to serve plain HTTP
 * @param headers extra response headers from {@code http_server_config.headers}
 * @param users user name to bcrypt hash; empty: no authentication
 * @param access who may do what, once authenticated
 */
public record WebConfig(TlsSettings tls, Map<String, String> headers, Map<String, String> users, AccessRules access) {
    /** No file: plain HTTP, no authentication, as without the flag. */
    public static final WebConfig NONE = new WebConfig(null, Map.of(), Map.of(), AccessRules.EVERY_USER_EVERYTHING);

    public boolean authenticates() {
        return !users.isEmpty();
    }
}
