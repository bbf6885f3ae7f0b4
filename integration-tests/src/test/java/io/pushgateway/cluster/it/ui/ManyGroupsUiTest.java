package io.pushgateway.cluster.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushgateway.cluster.it.NodeProcess;
import io.pushgateway.cluster.it.cluster.Http;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of groups: the UI renders one page of them, pages through the rest and filters all
 * of them. Prints how long the first page took to appear (not asserted: the machine is shared).
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ManyGroupsUiTest {
    private static final int GROUPS = 3000;
    private static final int PAGE_SIZE = 50;

    private final Http http = new Http();

    @Test
    void thousandsOfGroupsArePagedAndFiltered() {
        HeadlessChromium.assumeInstalled();
        try (NodeProcess node = NodeProcess.start("", List.of());
                HeadlessChromium browser = HeadlessChromium.start()) {
            for (int i = 0; i < GROUPS; i++) {
                Http.Reply reply = http.send(
                        "PUT",
                        URI.create(node.baseUri() + "/metrics/job/batch/instance/host-" + i),
                        "# TYPE batch_items gauge\nbatch_items " + i + "\n",
                        Http.WRITE);
                assertEquals(200, reply.status(), reply.toString());
            }
            UiPage page = new UiPage(browser.driver);
            long start = System.nanoTime();
            page.open(node.baseUri() + "/");
            page.awaitText("#group-count", GROUPS + " groups");
            System.out.printf(
                    "[ui] first page of %d groups shown %.0f ms after the page was requested%n",
                    GROUPS, (System.nanoTime() - start) / 1e6);
            assertEquals(PAGE_SIZE, page.groupIds().size(), "one page is rendered, not every group");
            assertEquals("1–50 of " + GROUPS, page.text("#page-info"));

            page.click("#next-page");
            page.awaitText("#page-info", "51–100 of " + GROUPS);
            assertEquals(PAGE_SIZE, page.groupIds().size());

            page.filter("host-2999\"");
            page.awaitGroups(List.of("{instance=\"host-2999\", job=\"batch\"}"));
            assertEquals("1 of " + GROUPS + " groups match", page.text("#group-count"));
        }
    }
}
