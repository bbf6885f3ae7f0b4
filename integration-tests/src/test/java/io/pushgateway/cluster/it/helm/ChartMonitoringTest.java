package io.pushgateway.cluster.it.helm;

import static io.pushgateway.cluster.it.helm.RenderedChart.asMap;
import static io.pushgateway.cluster.it.helm.RenderedChart.get;
import static io.pushgateway.cluster.it.helm.RenderedChart.list;
import static io.pushgateway.cluster.it.helm.RenderedChart.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.cluster.MiniJson;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the chart has the gateway watched: the pushed groups scraped through one target, each pod's
 * own metrics through the pod-level monitors, alerts that Prometheus parses and that fire when the
 * cluster misbehaves (checked with promtool, Prometheus' own rule evaluator), and a dashboard whose
 * every query parses.
 */
class ChartMonitoringTest {
    private static final String RELEASE = "gw";
    private static final String NAMESPACE = "monitoring";
    private static final String FULLNAME = "gw-pushgateway-cluster";
    private static final String SERVICE_TARGET = FULLNAME + "." + NAMESPACE + ".svc.cluster.local:9091";
    private static final String POD_0 = "{namespace=\"monitoring\", pod=\"gw-pushgateway-cluster-0\"}";
    private static final String POD_1 = "{namespace=\"monitoring\", pod=\"gw-pushgateway-cluster-1\"}";

    /** Every alert and the node metric it watches. */
    private static final Map<String, String> ALERT_METRICS = Map.of(
            "PushgatewayClusterMembersMissing", "pushgateway_cluster_members",
            "PushgatewayClusterWriteQuorumLost", "pushgateway_cluster_members",
            "PushgatewayClusterReplicaLagHigh", "pushgateway_cluster_replica_lag_seconds",
            "PushgatewayClusterReplicaRepairsGrowing", "pushgateway_cluster_replica_repairs_total",
            "PushgatewayClusterSnapshotFailing", "pushgateway_persistence_snapshot_failures_total",
            "PushgatewayClusterStoreNearMemoryBudget", "pushgateway_store_series_limit",
            "PushgatewayClusterPushesRefused", "pushgateway_rejected_writes_total",
            "PushgatewayClusterServerErrors", "pushgateway_http_requests_total");

    private Helm helm;

    @BeforeEach
    void findHelm() {
        helm = Helm.find();
    }

    @Test
    void pushedGroupsAreScrapedThroughTheClientServiceAsOneTarget() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "scrapeConfig.enabled",
                        "true",
                        "scrapeConfig.interval",
                        "15s",
                        "scrapeConfig.labels.prometheus",
                        "main"));
        Map<String, Object> scrape = chart.only("ScrapeConfig");
        assertEquals("monitoring.coreos.com/v1alpha1", scrape.get("apiVersion"));
        assertEquals("main", get(scrape, "metadata", "labels", "prometheus"));
        List<Object> staticConfigs = list(scrape, "spec", "staticConfigs");
        assertEquals(1, staticConfigs.size(), staticConfigs.toString());
        assertEquals(
                List.of(SERVICE_TARGET),
                get(staticConfigs.get(0), "targets"),
                "exactly one target: the client Service");
        String host = SERVICE_TARGET.substring(0, SERVICE_TARGET.indexOf('.'));
        Map<String, Object> service = chart.named("Service", host);
        assertEquals(9091, get(list(service, "spec", "ports").get(0), "port"));
        assertEquals(
                true, get(scrape, "spec", "honorLabels"), "pushed job and instance labels must survive the scrape");
        assertEquals("/metrics", get(scrape, "spec", "metricsPath"));
        assertEquals("http", get(scrape, "spec", "scheme"));
        assertEquals("15s", get(scrape, "spec", "scrapeInterval"));

        RenderedChart tls = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of("scrapeConfig.enabled", "true", "webConfig.tls", "true", "podMonitor.enabled", "true"));
        assertEquals("https", get(tls.only("ScrapeConfig"), "spec", "scheme"));
        assertEquals(
                "https",
                get(list(tls.only("PodMonitor"), "spec", "podMetricsEndpoints").get(0), "scheme"));
    }

    @Test
    void podLevelMonitorsScrapeOnlyEachPodsOwnMetrics() {
        RenderedChart chart =
                helm.render(RELEASE, NAMESPACE, Map.of("serviceMonitor.enabled", "true", "podMonitor.enabled", "true"));
        Map<String, Object> serviceMonitor = chart.only("ServiceMonitor");
        Map<String, Object> selector = map(serviceMonitor, "spec", "selector", "matchLabels");
        assertTrue(
                map(chart.named("Service", FULLNAME), "metadata", "labels")
                        .entrySet()
                        .containsAll(selector.entrySet()),
                "selects the client Service: " + selector);
        assertFalse(
                map(chart.named("Service", FULLNAME + "-headless"), "metadata", "labels")
                        .entrySet()
                        .containsAll(selector.entrySet()),
                "must not also select the headless Service: " + selector);
        Map<String, Object> podSelector = map(chart.only("PodMonitor"), "spec", "selector", "matchLabels");
        assertTrue(
                map(chart.only("StatefulSet"), "spec", "template", "metadata", "labels")
                        .entrySet()
                        .containsAll(podSelector.entrySet()),
                "selects the pods: " + podSelector);

        List<Object> endpoints = new ArrayList<>(list(serviceMonitor, "spec", "endpoints"));
        endpoints.addAll(list(chart.only("PodMonitor"), "spec", "podMetricsEndpoints"));
        for (Object endpoint : endpoints) {
            // /metrics of every pod would store each pushed series once per pod, with a different pod label.
            assertEquals("/metrics/node", get(endpoint, "path"), endpoint.toString());
            assertNull(get(endpoint, "honorLabels"), "a pod's own metrics keep the pod as their instance: " + endpoint);
        }
        // The ServiceMonitor can only name a port of the Service; the PodMonitor takes the probe
        // listener, which also serves /metrics/node and which a flood on the main port does not reach.
        assertEquals("http", get(list(serviceMonitor, "spec", "endpoints").get(0), "port"));
        assertEquals(
                "probes",
                get(
                        list(chart.only("PodMonitor"), "spec", "podMetricsEndpoints")
                                .get(0),
                        "port"));
    }

    @Test
    void everyAlertParsesAndHasASummaryAndARunbook() throws IOException {
        Map<String, Object> rule = helm.render(
                        RELEASE,
                        NAMESPACE,
                        Map.of(
                                "prometheusRule.enabled",
                                "true",
                                "persistence.enabled",
                                "true",
                                "prometheusRule.alertLabels.team",
                                "observability"))
                .only("PrometheusRule");
        assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion"));
        List<Object> groups = list(rule, "spec", "groups");
        PeerProgram.Result check = Promtool.find().checkRules(groups);
        assertTrue(check.ok(), "promtool refuses the rules: " + check);

        String readme = Files.readString(helm.chartDir().resolve("README.md"));
        Map<String, Map<String, Object>> alerts = alerts(groups);
        assertEquals(ALERT_METRICS.keySet(), alerts.keySet());
        alerts.forEach((name, alert) -> {
            assertTrue(((String) alert.get("expr")).contains(ALERT_METRICS.get(name)), name + ": " + alert.get("expr"));
            assertTrue(
                    ((String) alert.get("expr")).contains("namespace=\"monitoring\""),
                    name + " must pick this release's pods");
            assertFalse(((String) get(alert, "annotations", "summary")).isBlank(), name + " has no summary");
            assertFalse(((String) get(alert, "annotations", "runbook")).isBlank(), name + " has no runbook line");
            String url = (String) get(alert, "annotations", "runbook_url");
            assertTrue(url.endsWith("README.md#" + name.toLowerCase()), name + ": " + url);
            assertTrue(readme.contains("\n### " + name + "\n"), "the chart README has no runbook section for " + name);
            assertEquals("observability", get(alert, "labels", "team"));
        });

        Map<String, Object> withoutSnapshots = helm.render(RELEASE, NAMESPACE, Map.of("prometheusRule.enabled", "true"))
                .only("PrometheusRule");
        assertFalse(
                alerts(list(withoutSnapshots, "spec", "groups")).containsKey("PushgatewayClusterSnapshotFailing"),
                "no snapshots without persistence, so no alert about them");
    }

    @Test
    void alertsFireWhenTheClusterMisbehavesAndStayQuietWhenItIsHealthy() {
        Map<String, Object> rule = helm.render(
                        RELEASE, NAMESPACE, Map.of("prometheusRule.enabled", "true", "persistence.enabled", "true"))
                .only("PrometheusRule");
        List<Object> groups = withoutAnnotations(list(rule, "spec", "groups"));
        List<Object> tests = List.of(
                // One pod sees two members: warned after 10 minutes. Quorum (2) still there.
                scenario(
                        Map.of(
                                "pushgateway_cluster_members" + POD_0,
                                "2x30",
                                "pushgateway_cluster_members" + POD_1,
                                "3x30"),
                        expect("5m", "PushgatewayClusterMembersMissing"),
                        expect("15m", "PushgatewayClusterMembersMissing", Map.of("severity", "warning")),
                        expect("15m", "PushgatewayClusterWriteQuorumLost")),
                // Every pod sees only itself: the quorum is lost.
                scenario(
                        Map.of(
                                "pushgateway_cluster_members" + POD_0,
                                "1x30",
                                "pushgateway_cluster_members" + POD_1,
                                "1x30"),
                        expect("5m", "PushgatewayClusterWriteQuorumLost", Map.of("severity", "critical"))),
                // No pod scraped at all is no quorum either.
                scenario(
                        Map.of("up{job=\"other\"}", "1x30"),
                        expect("5m", "PushgatewayClusterWriteQuorumLost", Map.of("severity", "critical"))),
                // A healthy cluster: no alert about members, lag, repairs or refusals.
                scenario(
                        Map.of(
                                "pushgateway_cluster_members" + POD_0,
                                "3x60",
                                "pushgateway_cluster_members" + POD_1,
                                "3x60",
                                "pushgateway_cluster_replica_lag_seconds" + POD_0,
                                "0.2x60",
                                "pushgateway_cluster_replica_repairs_total" + POD_0,
                                "4x60",
                                "pushgateway_rejected_writes_total" + withLabel(POD_0, "reason", "parse"),
                                "0+1x60",
                                "pushgateway_http_requests_total" + withLabel(POD_0, "code", "200"),
                                "0+600x60"),
                        expect("50m", "PushgatewayClusterMembersMissing"),
                        expect("50m", "PushgatewayClusterWriteQuorumLost"),
                        expect("50m", "PushgatewayClusterReplicaLagHigh"),
                        expect("50m", "PushgatewayClusterReplicaRepairsGrowing"),
                        expect("50m", "PushgatewayClusterPushesRefused"),
                        expect("50m", "PushgatewayClusterServerErrors")),
                scenario(
                        Map.of(
                                "pushgateway_cluster_replica_lag_seconds" + POD_0,
                                "90x30",
                                "pushgateway_cluster_replica_lag_seconds" + POD_1,
                                "0.5x30"),
                        expect(
                                "15m",
                                "PushgatewayClusterReplicaLagHigh",
                                Map.of("pod", "gw-pushgateway-cluster-0", "severity", "warning"))),
                scenario(
                        Map.of("pushgateway_cluster_replica_repairs_total" + POD_0, "0+2x90"),
                        expect(
                                "60m",
                                "PushgatewayClusterReplicaRepairsGrowing",
                                Map.of("pod", "gw-pushgateway-cluster-0", "severity", "warning"))),
                scenario(
                        Map.of("pushgateway_persistence_snapshot_failures_total" + POD_0, "0+1x30"),
                        expect(
                                "15m",
                                "PushgatewayClusterSnapshotFailing",
                                Map.of("pod", "gw-pushgateway-cluster-0", "severity", "warning"))),
                // 95 of 100 series on pod 0; pod 1 has no limit (0), which must not count as full.
                scenario(
                        Map.of(
                                "pushgateway_store_series" + POD_0,
                                "95x30",
                                "pushgateway_store_series_limit" + POD_0,
                                "100x30",
                                "pushgateway_store_series" + POD_1,
                                "95x30",
                                "pushgateway_store_series_limit" + POD_1,
                                "0x30"),
                        expect(
                                "20m",
                                "PushgatewayClusterStoreNearMemoryBudget",
                                Map.of("pod", "gw-pushgateway-cluster-0", "severity", "warning"))),
                // One refused push a second while the quorum is missing; half the requests answered 503.
                scenario(
                        Map.of(
                                "pushgateway_rejected_writes_total" + withLabel(POD_0, "reason", "unavailable"),
                                "0+60x30",
                                "pushgateway_http_requests_total" + withLabel(POD_0, "code", "503"),
                                "0+60x30",
                                "pushgateway_http_requests_total" + withLabel(POD_0, "code", "200"),
                                "0+60x30"),
                        expect(
                                "20m",
                                "PushgatewayClusterPushesRefused",
                                Map.of("reason", "unavailable", "severity", "warning")),
                        expect("20m", "PushgatewayClusterServerErrors", Map.of("severity", "warning"))));
        PeerProgram.Result result = Promtool.find().testRules(groups, tests);
        assertTrue(result.ok(), "promtool test rules: " + result);
    }

    @Test
    void dashboardIsASidecarConfigMapWhoseQueriesParse() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of("grafanaDashboard.enabled", "true", "grafanaDashboard.annotations.grafana_folder", "Gateways"));
        Map<String, Object> configMap = chart.named("ConfigMap", FULLNAME + "-dashboard");
        assertEquals("1", get(configMap, "metadata", "labels", "grafana_dashboard"), "the Grafana sidecar's label");
        assertEquals("Gateways", get(configMap, "metadata", "annotations", "grafana_folder"));
        String json = (String) get(configMap, "data", "pushgateway-cluster.json");
        assertFalse(Pattern.compile("__[A-Z_]+__").matcher(json).find(), "placeholders left in the dashboard");
        Object dashboard = MiniJson.parse(json);
        assertTrue(((String) MiniJson.path(dashboard, "uid")).length() <= 40, "Grafana refuses longer uids");

        List<Object> variables = asList(MiniJson.path(dashboard, "templating", "list"));
        Map<String, Object> scrapeTarget = variables.stream()
                .map(v -> asMap(v, "variable"))
                .filter(v -> "scrape_target".equals(v.get("name")))
                .findFirst()
                .orElseThrow();
        assertEquals(SERVICE_TARGET, scrapeTarget.get("query"), "scrape latency is that of the one target");

        Set<String> titles = new TreeSet<>();
        for (Object panel : asList(MiniJson.path(dashboard, "panels"))) {
            titles.add((String) MiniJson.path(panel, "title"));
            assertFalse(
                    asList(MiniJson.path(panel, "targets")).isEmpty(),
                    "panel without a query: " + MiniJson.path(panel, "title"));
        }
        List<Object> records = new ArrayList<>();
        Set<String> metrics = new TreeSet<>();
        for (String expr : dashboardQueries(json)) {
            metrics.addAll(metricNames(expr));
            records.add(Map.of("record", "dashboard:query_" + records.size(), "expr", withVariablesFilledIn(expr)));
        }
        assertTrue(
                titles.containsAll(Set.of(
                        "Groups and series",
                        "Push rate by status",
                        "Push latency",
                        "Scrape latency",
                        "Replica size per member",
                        "Replica lag per member",
                        "Heap",
                        "Refused writes")),
                titles.toString());
        assertTrue(
                metrics.containsAll(Set.of(
                        "pushgateway_cluster_replica_groups",
                        "pushgateway_store_series",
                        "pushgateway_http_requests_total",
                        "pushgateway_http_push_duration_seconds",
                        "scrape_duration_seconds",
                        "pushgateway_cluster_replica_lag_seconds",
                        "jvm_memory_used_bytes",
                        "pushgateway_rejected_writes_total")),
                metrics.toString());
        PeerProgram.Result check = Promtool.find().checkRules(List.of(Map.of("name", "dashboard", "rules", records)));
        assertTrue(check.ok(), "promtool refuses a dashboard query: " + check);
    }

    /** The gateway's, the JVM's and Prometheus' metric names in a text; not Grafana variables ($name). */
    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?<![$\\w])((?:pushgateway|jvm|process|scrape)_[a-z_]+)\\b")
                .matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The PromQL of every panel of a dashboard. */
    static List<String> dashboardQueries(String json) {
        List<String> queries = new ArrayList<>();
        for (Object panel : asList(MiniJson.path(MiniJson.parse(json), "panels"))) {
            for (Object target : asList(MiniJson.path(panel, "targets"))) {
                queries.add((String) MiniJson.path(target, "expr"));
            }
        }
        return queries;
    }

    /** What Grafana substitutes before it sends a query. */
    private static String withVariablesFilledIn(String expr) {
        return expr.replace("$__rate_interval", "2m")
                .replace("$namespace", "monitoring")
                .replace("$pod", ".*")
                .replace("$scrape_target", SERVICE_TARGET);
    }

    private static Map<String, Map<String, Object>> alerts(List<Object> groups) {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object group : groups) {
            for (Object rule : list(group, "rules")) {
                alerts.put((String) get(rule, "alert"), asMap(rule, "rule"));
            }
        }
        return alerts;
    }

    /** The rules as Prometheus evaluates them; promtool would compare every annotation otherwise. */
    private static List<Object> withoutAnnotations(List<Object> groups) {
        List<Object> stripped = new ArrayList<>();
        for (Object group : groups) {
            List<Object> rules = new ArrayList<>();
            for (Object rule : list(group, "rules")) {
                Map<String, Object> copy = new LinkedHashMap<>(asMap(rule, "rule"));
                copy.remove("annotations");
                rules.add(copy);
            }
            stripped.add(Map.of("name", get(group, "name"), "rules", rules));
        }
        return stripped;
    }

    private static Map<String, Object> scenario(Map<String, String> series, Map<?, ?>... alerts) {
        List<Object> input = new ArrayList<>();
        series.forEach((name, values) -> input.add(Map.of("series", name, "values", values)));
        return Map.of("interval", "1m", "input_series", input, "alert_rule_test", List.of(alerts));
    }

    /** The alert is expected at {@code time} with exactly these label sets; none given: not firing. */
    @SafeVarargs
    private static Map<String, Object> expect(String time, String alert, Map<String, String>... firing) {
        List<Object> expected = new ArrayList<>();
        for (Map<String, String> labels : firing) {
            expected.add(Map.of("exp_labels", labels));
        }
        return Map.of("eval_time", time, "alertname", alert, "exp_alerts", expected);
    }

    private static String withLabel(String selector, String name, String value) {
        return selector.substring(0, selector.length() - 1) + ", " + name + "=\"" + value + "\"}";
    }

    private static List<Object> asList(Object node) {
        if (!(node instanceof List<?> found)) {
            throw new AssertionError("not a list: " + node);
        }
        return new ArrayList<>(found);
    }
}
