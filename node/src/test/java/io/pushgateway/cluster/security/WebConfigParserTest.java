package io.pushgateway.cluster.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebConfigParserTest {
    private static final String HASH = new String(
            BCrypt.withDefaults().hash(4, "secret".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void anEmptyFileMeansPlainHttpWithoutAuthentication() throws Exception {
        WebConfig config = WebConfigParser.parse("", dir);
        assertNull(config.tls());
        assertFalse(config.authenticates());
        assertEquals(AccessRules.EVERY_USER_EVERYTHING, config.access());
    }

    @Test
    void usersWithoutAccessControlMayDoEverything() throws Exception {
        WebConfig config = WebConfigParser.parse("basic_auth_users:\n  alice: " + HASH + "\n", dir);
        assertTrue(config.authenticates());
        for (Permission permission : Permission.values()) {
            assertTrue(config.access().needsCredentials(permission), "upstream protects every endpoint");
            assertTrue(config.access().allows("alice", permission));
        }
    }

    @Test
    void rolesNotGivenAreEveryUserAndAnEmptyListIsNobody() throws Exception {
        WebConfig config = WebConfigParser.parse(
                "basic_auth_users:\n  alice: " + HASH + "\n  bob: " + HASH + "\n"
                        + "access_control:\n  push_users: [alice]\n  admin_users: []\n  open_probes: true\n",
                dir);
        AccessRules access = config.access();
        assertEquals(Set.of("alice"), access.pushUsers());
        assertFalse(access.allows("bob", Permission.PUSH));
        assertTrue(access.allows("bob", Permission.SCRAPE));
        assertFalse(access.allows("alice", Permission.ADMIN));
        assertFalse(access.needsCredentials(Permission.PROBE));
        assertTrue(access.needsCredentials(Permission.SCRAPE));
    }

    @Test
    void tlsPathsAreRelativeToTheFileAndVersionsDefaultToTls12And13() throws Exception {
        Path certs = writeCertificateAndKey();
        WebConfig config =
                WebConfigParser.parse("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n", certs);
        assertEquals(certs.resolve("server.crt"), config.tls().certFile());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), config.tls().protocols());
        assertEquals(TlsSettings.ClientAuthType.NO_CLIENT_CERT, config.tls().clientAuth());
        assertTrue(config.tls().cipherSuites().isEmpty());
    }

    @Test
    void cipherSuitesKeepTls13WorkingAsGoDoes() throws Exception {
        Path certs = writeCertificateAndKey();
        WebConfig config = WebConfigParser.parse(
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                        + "  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n",
                certs);
        assertEquals(
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                config.tls().cipherSuites().get(0));
        assertTrue(config.tls().cipherSuites().contains("TLS_AES_128_GCM_SHA256"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tls_server_config: {cert_file: server.crt, key_file: server.key, colour: blue}|field colour not found in tls_server_config",
                "unknown_section: {}|field unknown_section not found in the file",
                "basic_auth_users: {alice: plaintext}|is not a bcrypt hash",
                "basic_auth_users: [alice]|must be a map",
                "tls_server_config: {cert_file: server.crt}|missing one of key or key_file",
                "tls_server_config: {key_file: server.key}|missing one of cert or cert_file",
                "tls_server_config: {cert_file: nothing.crt, key_file: server.key}|failed to read cert_file",
                "tls_server_config: {cert_file: server.key, key_file: server.key}|no valid PEM certificate",
                "tls_server_config: {cert_file: server.crt, key_file: server.crt}|no PEM private key",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, client_auth_type: Sometimes}|invalid ClientAuth: Sometimes",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, client_ca_file: server.crt}|without a Client Auth Policy",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, client_auth_type: RequireAndVerifyClientCert}|needs client_ca_file",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, min_version: TLS14}|unknown TLS version: TLS14",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, min_version: TLS13, max_version: TLS12}|min_version is above max_version",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, cipher_suites: [TLS_NOPE]}|unknown cipher: TLS_NOPE",
                "tls_server_config: {cert_file: server.crt, key_file: server.key, curve_preferences: [X25519]}|curve_preferences is not supported",
                "http_server_config: {headers: {X-Powered-By: me}}|HTTP header \"X-Powered-By\" can not be configured",
                "http_server_config: {headers: {X-Frame-Options: allow}}|invalid value for X-Frame-Options",
                "rate_limit: {burst: 5}|rate_limit is not supported",
                "access_control: {open_probes: true}|access_control needs basic_auth_users",
                "'basic_auth_users: {alice: HASH}\naccess_control: {push_users: [bob]}'|\"bob\" is not in basic_auth_users",
                "'basic_auth_users: {}\nbasic_auth_users: {}'|invalid YAML",
            })
    void badFilesAreRefusedWithTheReasonOnOneLine(String yaml, String reason) throws Exception {
        Path certs = writeCertificateAndKey();
        String file = yaml.replace("HASH", HASH);
        WebConfigException error = assertThrows(WebConfigException.class, () -> WebConfigParser.parse(file, certs));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        assertThrows(WebConfigException.class, () -> WebConfigParser.parse(dir.resolve("absent.yml")));
    }

    /** A self-signed certificate and its key (PKCS#8) in the test's directory. */
    private Path writeCertificateAndKey() throws Exception {
        if (Files.exists(dir.resolve("server.crt"))) {
            return dir;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now),
                                Date.from(now.plusSeconds(86_400)),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(
                dir.resolve("server.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return dir;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
