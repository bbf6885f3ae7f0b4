package io.pushgateway.cluster.it;

import static org.awaitility.Awaitility.await;

import io.pushgateway.cluster.it.cluster.MiniJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Empties a gateway through its public API, so that one gateway can serve many cases: every group
 * listed by {@code /api/v1/metrics} is deleted by a base64 URL (any label value survives that), and
 * the store is polled until it is empty (the Go Pushgateway deletes asynchronously).
 */
final class StoreReset {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private StoreReset() {}

    /** Whether the gateway is empty afterwards; false means it should not be used again. */
    static boolean empty(Gateway gateway, String routePrefix) {
        GatewayHttp http = new GatewayHttp(gateway);
        try {
            await("the gateway empty")
                    .atMost(DEADLINE)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        List<Map<String, String>> groups = groups(http, routePrefix);
                        for (Map<String, String> labels : groups) {
                            http.send(Request.delete(routePrefix + deletePath(labels)));
                        }
                        return groups.isEmpty();
                    });
            return true;
        } catch (RuntimeException e) {
            // Not emptied within the deadline (ConditionTimeoutException), or it answered an error.
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> groups(GatewayHttp http, String routePrefix) {
        Response response = http.send(Request.get(routePrefix + "/api/v1/metrics"));
        if (response.status() != 200) {
            throw new IllegalStateException("api/v1/metrics answered " + response.status());
        }
        Map<String, Object> body = (Map<String, Object>) MiniJson.parse(response.bodyText());
        List<Object> data = (List<Object>) body.get("data");
        return data.stream()
                .map(group -> (Map<String, String>) ((Map<String, Object>) group).get("labels"))
                .toList();
    }

    static String deletePath(Map<String, String> groupingLabels) {
        Map<String, String> labels = new TreeMap<>(groupingLabels);
        StringBuilder path = new StringBuilder("/metrics/job@base64/").append(base64(labels.remove("job")));
        labels.forEach((name, value) ->
                path.append('/').append(name).append("@base64/").append(base64(value)));
        return path.toString();
    }

    private static String base64(String value) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        return encoded.isEmpty() ? "=" : encoded;
    }
}
