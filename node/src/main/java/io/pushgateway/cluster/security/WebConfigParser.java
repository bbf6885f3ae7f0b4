package io.pushgateway.cluster.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the web config file as exporter-toolkit does: strict (an unknown key or a repeated one is an
 * error), relative paths taken from the file's directory, TLS 1.2 to 1.3 unless set, only the
 * security headers upstream allows, bcrypt hashes checked. Plus our own {@code access_control}.
 */
public final class WebConfigParser {
    private static final Set<String> TOP_KEYS =
            Set.of("tls_server_config", "http_server_config", "basic_auth_users", "access_control", "rate_limit");
    private static final Set<String> TLS_KEYS = Set.of(
            "cert",
            "key",
            "client_ca",
            "cert_file",
            "key_file",
            "client_auth_type",
            "client_ca_file",
            "cipher_suites",
            "curve_preferences",
            "min_version",
            "max_version",
            "prefer_server_cipher_suites",
            "client_allowed_sans");
    private static final Set<String> HTTP_KEYS = Set.of("http2", "headers");
    private static final Set<String> ACCESS_KEYS = Set.of("push_users", "scrape_users", "admin_users", "open_probes");
    /** Upstream's list, on purpose short: the same headers across the Prometheus ecosystem. */
    private static final Map<String, List<String>> CONFIGURABLE_HEADERS = Map.of(
            "Strict-Transport-Security", List.of(),
            "X-Content-Type-Options", List.of("nosniff"),
            "X-Frame-Options", List.of("deny", "sameorigin"),
            "X-XSS-Protection", List.of(),
            "Content-Security-Policy", List.of());

    private static final List<String> VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");
    private static final List<String> JAVA_PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private WebConfigParser() {}

    public static WebConfig parse(Path file) throws WebConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WebConfigException("cannot read " + file + ": " + e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir);
    }

    static WebConfig parse(String text, Path dir) throws WebConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new WebConfigException("invalid YAML: " + e.getMessage());
        }
        Map<String, Object> top = root == null ? Map.of() : section(root, "the file", TOP_KEYS);
        if (top.containsKey("rate_limit")) {
            throw new WebConfigException("rate_limit is not supported by this gateway");
        }
        TlsSettings tls = top.get("tls_server_config") == null
                ? null
                : tls(section(top.get("tls_server_config"), "tls_server_config", TLS_KEYS), dir);
        Map<String, String> headers = top.get("http_server_config") == null
                ? Map.of()
                : headers(section(top.get("http_server_config"), "http_server_config", HTTP_KEYS));
        Map<String, String> users = users(top.get("basic_auth_users"));
        AccessRules access = top.get("access_control") == null
                ? AccessRules.EVERY_USER_EVERYTHING
                : access(section(top.get("access_control"), "access_control", ACCESS_KEYS), users);
        return new WebConfig(tls, headers, users, access);
    }

    private static TlsSettings tls(Map<String, Object> tls, Path dir) throws WebConfigException {
        for (String unsupported : List.of("curve_preferences", "client_allowed_sans")) {
            if (tls.get(unsupported) != null) {
                throw new WebConfigException("tls_server_config: " + unsupported + " is not supported by this gateway");
            }
        }
        if (tls.values().stream().allMatch(v -> v == null)) {
            return null;
        }
        Path certFile = path(tls, "cert_file", dir);
        String certText = string(tls, "cert");
        Path keyFile = path(tls, "key_file", dir);
        String keyText = string(tls, "key");
        Path caFile = path(tls, "client_ca_file", dir);
        String caText = string(tls, "client_ca");
        if (certFile == null && certText == null) {
            throw new WebConfigException("tls_server_config: missing one of cert or cert_file");
        }
        if (keyFile == null && keyText == null) {
            throw new WebConfigException("tls_server_config: missing one of key or key_file");
        }
        if ((certFile != null && certText != null)
                || (keyFile != null && keyText != null)
                || (caFile != null && caText != null)) {
            throw new WebConfigException(
                    "tls_server_config: give a certificate, key or CA either inline or as a file, not both");
        }
        String cert = pem(certFile, certText, "cert_file");
        String key = pem(keyFile, keyText, "key_file");
        String ca = caFile == null && caText == null ? null : pem(caFile, caText, "client_ca_file");
        requireCertificates(cert, "cert_file");
        if (!key.contains("PRIVATE KEY-----")) {
            throw new WebConfigException("tls_server_config: key_file holds no PEM private key");
        }
        if (ca != null) {
            requireCertificates(ca, "client_ca_file");
        }
        TlsSettings.ClientAuthType clientAuth = clientAuth(string(tls, "client_auth_type"));
        if (ca != null && clientAuth == TlsSettings.ClientAuthType.NO_CLIENT_CERT) {
            throw new WebConfigException(
                    "tls_server_config: client CA's have been configured without a Client Auth Policy");
        }
        if (ca == null && clientAuth.verified) {
            throw new WebConfigException(
                    "tls_server_config: client_auth_type " + tls.get("client_auth_type") + " needs client_ca_file");
        }
        int min = version(tls, "min_version", "TLS12");
        int max = version(tls, "max_version", "TLS13");
        if (min > max) {
            throw new WebConfigException("tls_server_config: min_version is above max_version");
        }
        List<String> protocols = JAVA_PROTOCOLS.subList(min, max + 1);
        return new TlsSettings(
                certFile,
                certText,
                keyFile,
                keyText,
                caFile,
                caText,
                clientAuth,
                List.copyOf(protocols),
                cipherSuites(tls.get("cipher_suites"), protocols.contains("TLSv1.3")));
    }

    private static String pem(Path file, String text, String name) throws WebConfigException {
        if (file == null) {
            return text;
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new WebConfigException("tls_server_config: failed to read " + name + " (" + file + "): " + e);
        }
    }

    private static void requireCertificates(String pem, String name) throws WebConfigException {
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .isEmpty()) {
                throw new WebConfigException("tls_server_config: " + name + " holds no certificate");
            }
        } catch (CertificateException e) {
            throw new WebConfigException(
                    "tls_server_config: " + name + " holds no valid PEM certificate: " + e.getMessage());
        }
    }

    private static TlsSettings.ClientAuthType clientAuth(String name) throws WebConfigException {
        return switch (name == null ? "" : name) {
            case "", "NoClientCert" -> TlsSettings.ClientAuthType.NO_CLIENT_CERT;
            case "RequestClientCert" -> TlsSettings.ClientAuthType.REQUEST_CLIENT_CERT;
            case "RequireAnyClientCert", "RequireClientCert" -> TlsSettings.ClientAuthType.REQUIRE_ANY_CLIENT_CERT;
            case "VerifyClientCertIfGiven" -> TlsSettings.ClientAuthType.VERIFY_CLIENT_CERT_IF_GIVEN;
            case "RequireAndVerifyClientCert" -> TlsSettings.ClientAuthType.REQUIRE_AND_VERIFY_CLIENT_CERT;
            default -> throw new WebConfigException("tls_server_config: invalid ClientAuth: " + name);
        };
    }

    private static int version(Map<String, Object> tls, String key, String fallback) throws WebConfigException {
        String name = string(tls, key);
        int index = VERSIONS.indexOf(name == null ? fallback : name);
        if (index < 0) {
            throw new WebConfigException("tls_server_config: unknown TLS version: " + name);
        }
        return index;
    }

    /**
     * Go applies cipher_suites to TLS 1.2 and below only; TLS 1.3 suites are not configurable there.
     * Java filters all versions by one list, so the TLS 1.3 suites are kept when TLS 1.3 is enabled.
     */
    private static List<String> cipherSuites(Object value, boolean tls13) throws WebConfigException {
        List<String> names = strings(value, "tls_server_config.cipher_suites");
        if (names.isEmpty()) {
            return List.of();
        }
        Set<String> supported;
        try {
            supported =
                    Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
        Set<String> suites = new LinkedHashSet<>();
        for (String name : names) {
            if (!supported.contains(name)) {
                throw new WebConfigException("tls_server_config: unknown cipher: " + name);
            }
            suites.add(name);
        }
        if (tls13) {
            supported.stream()
                    .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_"))
                    .sorted()
                    .forEach(suites::add);
        }
        return List.copyOf(suites);
    }

    private static Map<String, String> headers(Map<String, Object> http) throws WebConfigException {
        if (http.get("http2") != null && !(http.get("http2") instanceof Boolean)) {
            throw new WebConfigException("http_server_config: http2 must be true or false");
        }
        Object value = http.get("headers");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new WebConfigException("http_server_config: headers must be a map");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String headerValue = e.getValue() == null ? "" : String.valueOf(e.getValue());
            List<String> allowed = CONFIGURABLE_HEADERS.get(name);
            if (allowed == null) {
                throw new WebConfigException("http_server_config: HTTP header \"" + name + "\" can not be configured");
            }
            if (!allowed.isEmpty() && !allowed.contains(headerValue)) {
                throw new WebConfigException("http_server_config: invalid value for " + name + ". Expected one of: "
                        + allowed + ", but got: \"" + headerValue + "\"");
            }
            headers.put(name, headerValue);
        }
        return Map.copyOf(headers);
    }

    private static Map<String, String> users(Object value) throws WebConfigException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new WebConfigException("basic_auth_users must be a map of user names to bcrypt hashes");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String user = String.valueOf(e.getKey());
            String hash = e.getValue() instanceof String s ? s : null;
            if (hash == null || !BCRYPT.matcher(hash).matches()) {
                throw new WebConfigException("basic_auth_users: the password of \"" + user + "\" is not a bcrypt hash");
            }
            users.put(user, hash);
        }
        return Map.copyOf(users);
    }

    private static AccessRules access(Map<String, Object> access, Map<String, String> users) throws WebConfigException {
        if (users.isEmpty()) {
            throw new WebConfigException("access_control needs basic_auth_users");
        }
        Object open = access.get("open_probes");
        if (open != null && !(open instanceof Boolean)) {
            throw new WebConfigException("access_control: open_probes must be true or false");
        }
        return new AccessRules(
                role(access, "push_users", users),
                role(access, "scrape_users", users),
                role(access, "admin_users", users),
                Boolean.TRUE.equals(open));
    }

    /** A role given is exactly its list ({@code []}: nobody); a role not given is every user. */
    private static Set<String> role(Map<String, Object> access, String key, Map<String, String> users)
            throws WebConfigException {
        if (!access.containsKey(key)) {
            return null;
        }
        List<String> names = strings(access.get(key), "access_control." + key);
        for (String name : names) {
            if (!users.containsKey(name)) {
                throw new WebConfigException("access_control." + key + ": \"" + name + "\" is not in basic_auth_users");
            }
        }
        return Set.copyOf(names);
    }

    private static Map<String, Object> section(Object value, String where, Set<String> keys) throws WebConfigException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new WebConfigException(where + " must be a map");
        }
        Map<String, Object> section = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!keys.contains(key)) {
                throw new WebConfigException("field " + key + " not found in " + where);
            }
            section.put(key, e.getValue());
        }
        return section;
    }

    private static String string(Map<String, Object> section, String key) throws WebConfigException {
        Object value = section.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new WebConfigException(key + " must be a string");
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? null : text;
    }

    private static Path path(Map<String, Object> section, String key, Path dir) throws WebConfigException {
        String text = string(section, key);
        return text == null ? null : dir.resolve(text).normalize();
    }

    private static List<String> strings(Object value, String where) throws WebConfigException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new WebConfigException(where + " must be a list");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (item == null || item instanceof Map || item instanceof List) {
                throw new WebConfigException(where + " must be a list of names");
            }
            strings.add(String.valueOf(item));
        }
        return strings;
    }
}
