package io.pushgateway.cluster.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.pushgateway.cluster.testsupport.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web config file on a running node: real TLS with certificates made by a test CA, client
 * certificates, basic auth, reloading the file, and the roles that go beyond upstream.
 */
class WebSecurityTest {
    private static final String PUSH_BODY = "some_metric 1\n";

    @TempDir
    Path dir;

    private TestNode node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void tlsServesEveryEndpointAndPlainHttpGetsNoAnswer() throws Exception {
        TestCertificates ca = TestCertificates.authority("test-ca");
        ca.server().write(dir, "server");
        start("""
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                """);
        HttpClient client = client(ca.clientContext(null), null);
        assertEquals(
                200,
                send(client, "https", "PUT", "/metrics/job/tls", PUSH_BODY, null)
                        .statusCode());
        assertTrue(send(client, "https", "GET", "/metrics", null, null)
                .body()
                .contains("some_metric{instance=\"\",job=\"tls\"} 1"));
        assertEquals(200, send(client, "https", "GET", "/-/healthy", null, null).statusCode());
        assertEquals(
                200, send(client, "https", "GET", "/api/v1/status", null, null).statusCode());
        assertThrows(IOException.class, () -> send(client(null, null), "http", "GET", "/metrics", null, null));
    }

    @Test
    void aReplacedCertificateServesNewConnectionsWithoutRestart() throws Exception {
        TestCertificates oldCa = TestCertificates.authority("old-ca");
        oldCa.server().write(dir, "server");
        start("""
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                """);
        TestCertificates newCa = TestCertificates.authority("new-ca");
        assertThrows(
                IOException.class,
                () -> send(client(newCa.clientContext(null), null), "https", "GET", "/metrics", null, null),
                "the server still shows the certificate of the old CA");

        newCa.server().write(dir, "server");
        await("the server showing the new CA's certificate")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    try {
                        return send(client(newCa.clientContext(null), null), "https", "GET", "/metrics", null, null)
                                        .statusCode()
                                == 200;
                    } catch (IOException handshakeFailed) {
                        return false;
                    }
                });
    }

    @Test
    void minVersionRefusesClientsThatOfferLess() throws Exception {
        TestCertificates ca = TestCertificates.authority("test-ca");
        ca.server().write(dir, "server");
        start("""
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  min_version: TLS13
                """);
        HttpClient tls12 = client(ca.clientContext(null), "TLSv1.2");
        assertThrows(IOException.class, () -> send(tls12, "https", "GET", "/metrics", null, null));
        assertEquals(
                200,
                send(client(ca.clientContext(null), "TLSv1.3"), "https", "GET", "/metrics", null, null)
                        .statusCode());
    }

    @Test
    void requireAndVerifyClientCertAdmitsOnlyCertificatesOfTheClientCa() throws Exception {
        TestCertificates serverCa = TestCertificates.authority("server-ca");
        serverCa.server().write(dir, "server");
        TestCertificates clientCa = TestCertificates.authority("client-ca");
        clientCa.ca().write(dir, "client-ca");
        TestCertificates.Issued trusted = clientCa.client("batch-job");
        TestCertificates.Issued stranger =
                TestCertificates.authority("other-ca").client("intruder");
        start("""
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: client-ca.crt
                """);
        assertEquals(
                200,
                send(
                                client(serverCa.clientContext(trusted), null),
                                "https",
                                "PUT",
                                "/metrics/job/mtls",
                                PUSH_BODY,
                                null)
                        .statusCode());
        assertThrows(
                IOException.class,
                () -> send(client(serverCa.clientContext(null), null), "https", "GET", "/metrics", null, null),
                "no client certificate");
        assertThrows(
                IOException.class,
                () -> send(client(serverCa.clientContext(stranger), null), "https", "GET", "/metrics", null, null),
                "a certificate of another CA");
    }

    @Test
    void basicAuthAnswers401WithTheChallengeUnlessThePasswordMatches() throws Exception {
        start(users("alice", "secret"));
        HttpClient client = client(null, null);
        for (String authorization : new String[] {
            null, basic("alice", "wrong"), basic("mallory", "secret"), "Basic not-base64!", "Bearer token"
        }) {
            HttpResponse<String> refused = send(client, "http", "PUT", "/metrics/job/a", PUSH_BODY, authorization);
            assertEquals(401, refused.statusCode(), authorization);
            assertEquals(
                    "Basic", refused.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals("Unauthorized\n", refused.body());
        }
        assertEquals(401, send(client, "http", "GET", "/metrics", null, null).statusCode(), "every endpoint");
        assertEquals(
                401, send(client, "http", "GET", "/-/healthy", null, null).statusCode(), "probes too, as upstream");
        assertEquals(
                401, send(client, "http", "GET", "/no-such-page", null, null).statusCode());
        assertTrue(
                !send(client, "http", "GET", "/metrics", null, basic("alice", "secret"))
                        .body()
                        .contains("some_metric"),
                "refused pushes stored nothing");

        assertEquals(
                200,
                send(client, "http", "PUT", "/metrics/job/a", PUSH_BODY, basic("alice", "secret"))
                        .statusCode());
        assertEquals(
                200,
                send(client, "http", "PUT", "/metrics/job/a", PUSH_BODY, basic("alice", "secret"))
                        .statusCode(),
                "the same credentials again, now from the cache");
        assertTrue(send(client, "http", "GET", "/metrics", null, basic("alice", "secret"))
                .body()
                .contains("some_metric{instance=\"\",job=\"a\"} 1"));
    }

    @Test
    void aChangedPasswordTakesEffectWithoutRestart() throws Exception {
        Path file = start(users("alice", "old-password"));
        HttpClient client = client(null, null);
        assertEquals(
                200,
                send(client, "http", "GET", "/metrics", null, basic("alice", "old-password"))
                        .statusCode());

        Files.writeString(file, users("alice", "new-password") + "# changed\n");
        await("the new password accepted")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> send(client, "http", "GET", "/metrics", null, basic("alice", "new-password"))
                                .statusCode()
                        == 200);
        assertEquals(
                401,
                send(client, "http", "GET", "/metrics", null, basic("alice", "old-password"))
                        .statusCode(),
                "the cached old password is not taken any more");

        Files.writeString(file, "basic_auth_users: [not, a, map]\n");
        // The file is looked at every second: three looks later the old config must still hold.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(
                    200,
                    send(client, "http", "GET", "/metrics", null, basic("alice", "new-password"))
                            .statusCode(),
                    "an invalid file leaves the last valid config in force");
        }
    }

    @Test
    void rolesSeparatePushScrapeAndAdmin() throws Exception {
        start(users("pusher", "p1", "prometheus", "p2", "ops", "p3") + """
                access_control:
                  push_users: [pusher, ops]
                  scrape_users: [prometheus, ops]
                  admin_users: [ops]
                  open_probes: true
                """, "--web.enable-admin-api");
        HttpClient client = client(null, null);
        String pusher = basic("pusher", "p1");
        String prometheus = basic("prometheus", "p2");
        String ops = basic("ops", "p3");

        assertEquals(
                200,
                send(client, "http", "PUT", "/metrics/job/roles", PUSH_BODY, pusher)
                        .statusCode());
        assertEquals(
                202,
                send(client, "http", "DELETE", "/metrics/job/other", null, pusher)
                        .statusCode());
        HttpResponse<String> pusherScrapes = send(client, "http", "GET", "/metrics", null, pusher);
        assertEquals(403, pusherScrapes.statusCode());
        assertEquals("Forbidden\n", pusherScrapes.body());
        assertEquals(
                403,
                send(client, "http", "PUT", "/api/v1/admin/wipe", null, pusher).statusCode(),
                "push user cannot wipe");

        assertEquals(
                403,
                send(client, "http", "PUT", "/metrics/job/roles", "some_metric 2\n", prometheus)
                        .statusCode(),
                "scrape user cannot push");
        assertEquals(
                403,
                send(client, "http", "PUT", "/metrics/job%2Froles", "some_metric 2\n", prometheus)
                        .statusCode(),
                "nor through an encoded slash");
        assertTrue(send(client, "http", "GET", "/metrics", null, prometheus)
                .body()
                .contains("some_metric{instance=\"\",job=\"roles\"} 1"));
        assertEquals(
                200,
                send(client, "http", "GET", "/api/v1/metrics", null, prometheus).statusCode());
        assertEquals(
                403,
                send(client, "http", "PUT", "/api/v1/admin/wipe", null, prometheus)
                        .statusCode());

        assertEquals(200, send(client, "http", "GET", "/-/healthy", null, null).statusCode(), "open probes");
        assertEquals(200, send(client, "http", "GET", "/-/ready", null, null).statusCode());
        assertEquals(401, send(client, "http", "GET", "/metrics", null, null).statusCode());

        assertEquals(
                202,
                send(client, "http", "PUT", "/api/v1/admin/wipe", null, ops).statusCode());
        assertTrue(!send(client, "http", "GET", "/metrics", null, ops).body().contains("some_metric"));
    }

    @Test
    void configuredHeadersAreOnEveryAnswer() throws Exception {
        start(users("alice", "secret") + """
                http_server_config:
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                """);
        HttpClient client = client(null, null);
        for (String authorization : new String[] {null, basic("alice", "secret")}) {
            HttpResponse<String> response = send(client, "http", "GET", "/metrics", null, authorization);
            assertEquals(
                    "deny", response.headers().firstValue("X-Frame-Options").orElse(null));
            assertEquals(
                    "max-age=31536000",
                    response.headers().firstValue("Strict-Transport-Security").orElse(null));
        }
    }

    @Test
    void withoutTheFileNothingChanges() throws Exception {
        node = TestNode.start();
        HttpResponse<String> response = send(client(null, null), "http", "GET", "/metrics", null, null);
        assertEquals(200, response.statusCode());
        assertNull(response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    /** A basic_auth_users section; bcrypt cost 4, the lowest, keeps the tests quick. */
    static String users(String... userPasswordPairs) {
        StringBuilder yaml = new StringBuilder("basic_auth_users:\n");
        for (int i = 0; i < userPasswordPairs.length; i += 2) {
            yaml.append("  ")
                    .append(userPasswordPairs[i])
                    .append(": ")
                    .append(bcrypt(userPasswordPairs[i + 1]))
                    .append('\n');
        }
        return yaml.toString();
    }

    static String bcrypt(String password) {
        return new String(
                BCrypt.withDefaults().hash(4, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Path start(String webConfig, String... flags) throws Exception {
        Path file = dir.resolve("web.yml");
        Files.writeString(file, webConfig);
        String[] args = new String[flags.length + 1];
        args[0] = "--web.config.file=" + file;
        System.arraycopy(flags, 0, args, 1, flags.length);
        node = TestNode.start(args);
        return file;
    }

    private static HttpClient client(SSLContext tls, String onlyProtocol) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30));
        if (tls != null) {
            builder.sslContext(tls);
        }
        if (onlyProtocol != null) {
            builder.sslParameters(new SSLParameters(null, new String[] {onlyProtocol}));
        }
        return builder.build();
    }

    private HttpResponse<String> send(
            HttpClient client, String scheme, String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(scheme + "://127.0.0.1:" + node.node.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
