package io.pushgateway.cluster.it.ui;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.NodeProcess;
import io.pushgateway.cluster.it.cluster.Http;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The UI of a node under {@code --web.route-prefix}: the page, its assets and every API call it
 * makes resolve under the prefix; without the admin API it offers no wipe.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RoutePrefixUiTest {
    private static final String PREFIX = "/gateway";
    private static final String GROUP = "{instance=\"a b/c\", job=\"prefixed\"}";

    private final Http http = new Http();

    @Test
    void theUiWorksUnderARoutePrefix() {
        HeadlessChromium.assumeInstalled();
        try (NodeProcess node = NodeProcess.start(PREFIX, List.of("--web.route-prefix=" + PREFIX));
                HeadlessChromium browser = HeadlessChromium.start()) {
            URI base = URI.create(node.baseUri() + PREFIX);
            Http.Reply pushed = http.send(
                    "PUT",
                    URI.create(base + "/metrics/job/prefixed/instance@base64/YSBiL2M"),
                    "# TYPE prefixed_value gauge\nprefixed_value 7\n",
                    Http.WRITE);
            assertEquals(200, pushed.status(), pushed.toString());

            UiPage page = new UiPage(browser.driver);
            // Without the trailing slash: the node redirects, so the page's relative links resolve under the prefix.
            page.open(base.toString());
            page.awaitGroups(List.of(GROUP));
            assertTrue(page.openFamilies(GROUP).contains("prefixed_value"));
            assertFalse(page.wipeButtonShown(), "no wipe without --web.enable-admin-api");

            page.showTab("status");
            String flags = page.text("#flags");
            assertTrue(
                    flags.contains("web.route-prefix " + PREFIX) || flags.contains("web.route-prefix\t" + PREFIX),
                    flags);
            page.showTab("groups");

            page.deleteGroup(GROUP);
            page.awaitNotice("Deleted the group " + GROUP);
            page.awaitGroups(List.of());
            await("the deleted group gone from the scrape")
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () -> {
                                String scrape =
                                        http.get(URI.create(base + "/metrics")).body();
                                return scrape.contains("job=\"prefixed\"") ? "still there: " + scrape : null;
                            },
                            nullValue());
        }
    }
}
