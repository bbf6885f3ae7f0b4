package io.pushgateway.cluster.it.ui;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.pushgateway.cluster.it.NodeProcess;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI of a node with basic authentication and roles: a user with the scrape role sees the
 * groups but is told plainly that they may not delete one; a user with the push role deletes it,
 * and with the admin role wipes the rest.
 *
 * <p>The browser gets its credentials from the page's URL ({@code http://user:password@host/}):
 * Chromium authenticates the page with them and sends them again with the page's own same-origin
 * requests, which is what a user who typed the URL gets. That needs no DevTools protocol (whose
 * {@code HasAuthentication} depends on the Chromium version) and no proxy in the test; it only
 * needs the UI to build its request URLs without the credentials, as fetch() refuses those.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BasicAuthUiTest {
    private static final String OPS_PASSWORD = "ops-secret";
    private static final String VIEWER_PASSWORD = "viewer-secret";
    private static final String BACKUP = "{instance=\"db-1\", job=\"backup\"}";
    private static final String CI = "{job=\"ci\"}";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    @Test
    void aViewerSeesGroupsButMayNotDeleteAndAPusherDeletes(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path webConfig = Files.writeString(
                dir.resolve("web.yml"),
                "basic_auth_users:\n"
                        + "  ops: " + bcrypt(OPS_PASSWORD) + "\n"
                        + "  viewer: " + bcrypt(VIEWER_PASSWORD) + "\n"
                        + "access_control:\n"
                        + "  push_users: [ops]\n"
                        + "  scrape_users: [ops, viewer]\n"
                        + "  admin_users: [ops]\n"
                        + "  open_probes: true\n");
        try (NodeProcess node =
                        NodeProcess.start("", List.of("--web.config.file=" + webConfig, "--web.enable-admin-api"));
                HeadlessChromium browser = HeadlessChromium.start()) {
            URI base = node.baseUri();
            assertEquals(200, push(base.resolve("/metrics/job/backup/instance/db-1"), "backup_ok 1\n"), node.logTail());
            assertEquals(200, push(base.resolve("/metrics/job/ci"), "ci_builds_total 4\n"), node.logTail());
            assertEquals(401, get(base.resolve("/api/v1/metrics"), null).statusCode(), "the API needs credentials");

            UiPage page = new UiPage(browser.driver);
            page.open(withUser(base, "viewer", VIEWER_PASSWORD));
            page.awaitGroups(List.of(BACKUP, CI));
            page.deleteGroup(BACKUP);
            page.awaitNotice("not allowed: this user may not delete groups");
            assertTrue(scrape(base).contains("job=\"backup\""), "a refused delete changes nothing");
            page.awaitGroups(List.of(BACKUP, CI));

            page.open(withUser(base, "ops", OPS_PASSWORD));
            page.awaitGroups(List.of(BACKUP, CI));
            page.deleteGroup(BACKUP);
            page.awaitNotice("Deleted the group " + BACKUP);
            page.awaitGroups(List.of(CI));
            await("the deleted group gone from the scrape")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                String scrape = scrape(base);
                                return scrape.contains("job=\"backup\"") ? "still there: " + scrape : null;
                            },
                            nullValue());

            assertTrue(page.wipeButtonShown(), "the admin API is on");
            page.wipe();
            page.awaitNotice("Deleted all groups (1)");
            page.awaitGroups(List.of());
        }
    }

    private static String withUser(URI base, String user, String password) {
        return "http://" + user + ":" + password + "@" + base.getHost() + ":" + base.getPort() + "/";
    }

    private int push(URI uri, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(35))
                .header("Authorization", basic("ops", OPS_PASSWORD))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String scrape(URI base) {
        try {
            HttpResponse<String> response = get(base.resolve("/metrics"), basic("ops", OPS_PASSWORD));
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("scrape of " + base + " failed", e);
        }
    }

    private HttpResponse<String> get(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String bcrypt(String password) {
        return new String(
                BCrypt.withDefaults().hash(10, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }
}
