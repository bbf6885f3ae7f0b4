package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.pushgateway.cluster.it.cluster.MiniJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of what a gateway holds, read through its two public views: the text scrape
 * ({@code /metrics}) and the JSON dump ({@code /api/v1/metrics}).
 */
final class GatewayState {

    private final Exposition scrape;
    private final List<Object> groups;

    private GatewayState(Exposition scrape, List<Object> groups) {
        this.scrape = scrape;
        this.groups = groups;
    }

    @SuppressWarnings("unchecked")
    static GatewayState read(Gateway gateway) {
        GatewayHttp http = new GatewayHttp(gateway);
        Response metrics = http.scrape("/metrics");
        assertEquals(200, metrics.status(), () -> "GET /metrics: " + metrics.bodyText());
        Response api = http.send(Request.get("/api/v1/metrics"));
        assertEquals(200, api.status(), () -> "GET /api/v1/metrics: " + api.bodyText());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(api.bodyText());
        assertEquals("success", json.get("status"), () -> "GET /api/v1/metrics: " + api.bodyText());
        return new GatewayState(Exposition.parse(metrics.bodyText()), (List<Object>) json.get("data"));
    }

    Exposition scrape() {
        return scrape;
    }

    /** The value of the one series with exactly these labels, if the scrape has it. */
    Optional<String> value(String seriesName, Map<String, String> labels) {
        TreeMap<String, String> wanted = new TreeMap<>(labels);
        return scrape.series(seriesName).stream()
                .filter(s -> s.labels().equals(wanted))
                .map(Exposition.Series::value)
                .findFirst();
    }

    void assertValue(String seriesName, Map<String, String> labels, String expected) {
        Optional<String> actual = value(seriesName, labels);
        if (actual.isEmpty()) {
            fail("no series " + seriesName + labels + " in the scrape; series of that name: "
                    + scrape.series(seriesName));
        }
        assertEquals(expected, actual.get(), () -> seriesName + labels);
    }

    void assertAbsent(String seriesName, Map<String, String> labels) {
        value(seriesName, labels).ifPresent(v -> fail("unexpected series " + seriesName + labels + " " + v));
    }

    /** The {@code /api/v1/metrics} group whose grouping labels are exactly these. */
    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> group(Map<String, String> groupingLabels) {
        return groups.stream()
                .map(g -> (Map<String, Object>) g)
                .filter(g -> groupingLabels.equals(g.get("labels")))
                .findFirst();
    }

    Map<String, Object> assertGroup(Map<String, String> groupingLabels) {
        return group(groupingLabels)
                .orElseGet(() -> fail("no group " + groupingLabels
                        + " in /api/v1/metrics; groups: "
                        + groups.stream()
                                .map(g -> String.valueOf(((Map<?, ?>) g).get("labels")))
                                .toList()));
    }
}
