package io.pushgateway.cluster.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.NodeProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20 in a real browser: until the first answer of the API the groups list and the Cluster
 * tab say "Loading…" (not an empty page), and a failed load (a refusal, a node that is gone or
 * does not answer) is said in place of the lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UiLoadStatesTest {
    private static final String GROUP = "{job=\"loading\"}";

    private NodeProcess node;
    private HeadlessChromium browser;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        node = NodeProcess.start("", List.of());
        HttpResponse<String> pushed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(node.baseUri().resolve("/metrics/job/loading"))
                                .PUT(HttpRequest.BodyPublishers.ofString("loading_metric 1\n"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, pushed.statusCode(), pushed.body());
        browser = HeadlessChromium.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void listsSayLoadingUntilTheFirstAnswerArrives() throws Exception {
        try (ApiGate gate = new ApiGate(node.baseUri())) {
            gate.hold();
            UiPage page = new UiPage(browser.driver);
            page.open(gate.uri("/").toString());
            page.awaitText("#groups", "Loading…");
            browser.screenshot(Paths.get("target", "ui", "loading-groups.png"), 420);
            page.showTab("cluster");
            page.awaitText("#members tbody", "Loading…");
            browser.screenshot(Paths.get("target", "ui", "loading-cluster.png"), 420);

            gate.release();
            page.awaitMembers(1);
            page.showTab("groups");
            page.awaitGroups(List.of(GROUP));
        }
    }

    @Test
    void aRefusedLoadIsShownInPlaceOfTheLists() throws Exception {
        try (ApiGate gate = new ApiGate(node.baseUri())) {
            gate.refuseWith(401);
            UiPage page = new UiPage(browser.driver);
            page.open(gate.uri("/").toString());
            String failure =
                    "Could not load from this node: not signed in: this node needs a user name and password (401)";
            page.awaitText("#groups", failure);
            browser.screenshot(Paths.get("target", "ui", "refused.png"), 420);
            page.showTab("cluster");
            page.awaitText("#members tbody", failure);

            gate.refuseWith(403);
            page.showTab("groups");
            page.click("#refresh");
            page.awaitText(
                    "#groups", "Could not load from this node: not allowed: this user may not view groups (403)");
        }
    }

    @Test
    void aNodeThatNeverAnswersIsShownInPlaceOfTheListAfterTheTimeout() throws Exception {
        try (ApiGate gate = new ApiGate(node.baseUri())) {
            gate.hold();
            UiPage page = new UiPage(browser.driver);
            page.open(gate.uri("/").toString());
            page.awaitText("#groups", "Could not load from this node: no answer within 10 s");
        }
    }

    @Test
    void aNodeThatGoesAwayIsShownInPlaceOfTheList() throws Exception {
        UiPage ui = new UiPage(browser.driver);
        try (ApiGate gate = new ApiGate(node.baseUri())) {
            ui.open(gate.uri("/").toString());
            ui.showTab("groups");
            ui.awaitGroups(List.of(GROUP));
        }
        // The gate is closed: the page's next refresh finds nobody at its address.
        ui.click("#refresh");
        String shown = ui.awaitTextStartingWith("#groups", "Could not load from this node: ");
        assertTrue(shown.startsWith("Could not load from this node: the node did not answer"), shown);
        assertEquals(List.of(), ui.groupIds(), "the stale groups are gone");
        browser.screenshot(Paths.get("target", "ui", "node-down.png"), 420);
    }
}
