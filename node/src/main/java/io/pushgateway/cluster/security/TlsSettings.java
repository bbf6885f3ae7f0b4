package io.pushgateway.cluster.security;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code tls_server_config} section of the web config file, validated. Each PEM source is a
 * file or inline text: exactly one of the pair is set ({@code client_ca} may be neither).
 *
 * @param protocols the enabled protocol names as Java spells them, from min_version to max_version
 * @param cipherSuites cipher suite names (IANA, as Go and Java both spell them); empty: Java's defaults
 */
public record TlsSettings(
        Path certFile,
        String certText,
        Path keyFile,
        String keyText,
        Path clientCaFile,
        String clientCaText,
        ClientAuthType clientAuth,
        List<String> protocols,
        List<String> cipherSuites) {

    /** Go's {@code tls.ClientAuthType} names, as exporter-toolkit accepts them. */
    public enum ClientAuthType {
        NO_CLIENT_CERT(false, false),
        REQUEST_CLIENT_CERT(false, false),
        REQUIRE_ANY_CLIENT_CERT(true, false),
        VERIFY_CLIENT_CERT_IF_GIVEN(false, true),
        REQUIRE_AND_VERIFY_CLIENT_CERT(true, true);

        /** The handshake fails without a client certificate. */
        public final boolean required;
        /** A presented certificate must chain to the client CA. */
        public final boolean verified;

        ClientAuthType(boolean required, boolean verified) {
            this.required = required;
            this.verified = verified;
        }
    }

    /** The files the TLS context is built from, to notice when one of them changes. */
    public List<Path> files() {
        return java.util.stream.Stream.of(certFile, keyFile, clientCaFile)
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
