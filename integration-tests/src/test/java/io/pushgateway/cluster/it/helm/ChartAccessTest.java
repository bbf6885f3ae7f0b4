package io.pushgateway.cluster.it.helm;

import static io.pushgateway.cluster.it.helm.RenderedChart.get;
import static io.pushgateway.cluster.it.helm.RenderedChart.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the gateway is reached and what it may reach: an Ingress or HTTPRoute to the client
 * Service, the node's web config (TLS, basic auth) from a Secret, and a ServiceAccount without
 * an API token.
 */
class ChartAccessTest {
    private static final String RELEASE = "gw";
    private static final String NAMESPACE = "monitoring";
    private static final String FULLNAME = "gw-pushgateway-cluster";
    private static final String BATCH_HASH = "$2y$10$YF.av43VfFexSonyVz6Hv.PFqvfBYbUfDMTFpaxmef2Sqp56ZU6DG";

    private Helm helm;

    @BeforeEach
    void findHelm() {
        helm = Helm.find();
    }

    @Test
    void inlineWebConfigIsASecretMountedAndPassedToTheNode() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "webConfig.content.basic_auth_users.batch",
                        BATCH_HASH,
                        "webConfig.content.access_control.open_probes",
                        "true"));
        String file = chart.flag("--web.config.file");
        assertNotNull(file, "the node needs --web.config.file");
        String dir = file.substring(0, file.lastIndexOf('/'));
        String secretName = (String) get(chart.volume(chart.volumeMountedAt(dir)), "secret", "secretName");
        Object text = get(chart.named("Secret", secretName), "stringData", file.substring(file.lastIndexOf('/') + 1));
        assertNotNull(text, "the mounted Secret has no " + file);
        Map<String, Object> config = RenderedChart.parseDocument((String) text);
        assertEquals(BATCH_HASH, get(config, "basic_auth_users", "batch"));
        assertEquals(true, get(config, "access_control", "open_probes"));

        assertNull(helm.render(RELEASE, NAMESPACE, Map.of()).flag("--web.config.file"), "no web config by default");
    }

    @Test
    void existingWebConfigSecretIsMountedWhole() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "webConfig.existingSecret",
                        "gateway-web",
                        "webConfig.existingSecretKey",
                        "web.yml",
                        "webConfig.content.ignored",
                        "x",
                        "webConfig.tls",
                        "true"));
        assertTrue(chart.all("Secret").isEmpty(), "the chart must not render a Secret of its own: " + chart.kinds());
        String file = chart.flag("--web.config.file");
        assertTrue(file.endsWith("/web.yml"), file);
        Map<String, Object> volume = chart.volume(chart.volumeMountedAt(file.substring(0, file.lastIndexOf('/'))));
        assertEquals("gateway-web", get(volume, "secret", "secretName"));
        assertNull(get(volume, "secret", "items"), "certificate files next to the config must be mounted too");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("HTTPS", get(chart.container(), probe, "httpGet", "scheme"), probe + " with TLS on");
        }
    }

    @Test
    void ingressAndHttpRouteLeadToTheClientService() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "ingress.enabled",
                        "true",
                        "ingress.className",
                        "nginx",
                        "ingress.annotations.cert-manager\\.io/cluster-issuer",
                        "letsencrypt",
                        "ingress.hosts[0].host",
                        "push.example.com",
                        "ingress.hosts[0].paths[0].path",
                        "/",
                        "ingress.hosts[0].paths[0].pathType",
                        "Prefix",
                        "ingress.tls[0].secretName",
                        "push-tls",
                        "ingress.tls[0].hosts[0]",
                        "push.example.com"));
        Map<String, Object> ingress = chart.only("Ingress");
        assertEquals("nginx", get(ingress, "spec", "ingressClassName"));
        assertEquals("letsencrypt", get(ingress, "metadata", "annotations", "cert-manager.io/cluster-issuer"));
        assertEquals("push-tls", get(list(ingress, "spec", "tls").get(0), "secretName"));
        Map<String, Object> rule = mapping(list(ingress, "spec", "rules").get(0));
        assertEquals("push.example.com", rule.get("host"));
        Map<String, Object> path = mapping(list(rule, "http", "paths").get(0));
        assertEquals("Prefix", path.get("pathType"));
        assertEquals(FULLNAME, get(path, "backend", "service", "name"));
        assertServicePort(chart, get(path, "backend", "service", "port", "name"));

        RenderedChart routed = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "httpRoute.enabled",
                        "true",
                        "httpRoute.parentRefs[0].name",
                        "public",
                        "httpRoute.parentRefs[0].namespace",
                        "gateways",
                        "httpRoute.hostnames[0]",
                        "push.example.com"));
        Map<String, Object> route = routed.only("HTTPRoute");
        assertEquals("gateway.networking.k8s.io/v1", route.get("apiVersion"));
        assertEquals(
                Map.of("name", "public", "namespace", "gateways"),
                list(route, "spec", "parentRefs").get(0));
        assertEquals(List.of("push.example.com"), get(route, "spec", "hostnames"));
        Map<String, Object> routeRule = mapping(list(route, "spec", "rules").get(0));
        assertEquals("/", get(list(routeRule, "matches").get(0), "path", "value"));
        Map<String, Object> backend = mapping(list(routeRule, "backendRefs").get(0));
        assertEquals(FULLNAME, backend.get("name"));
        assertServicePort(routed, backend.get("port"));

        assertFalse(
                helm.template(RELEASE, NAMESPACE, Map.of("httpRoute.enabled", "true"))
                        .ok(),
                "a route without a Gateway");
        assertFalse(
                helm.template(RELEASE, NAMESPACE, Map.of("ingress.enabled", "true"))
                        .ok(),
                "an Ingress without hosts");
    }

    @Test
    void serviceAccountIsTheReleasesOwnWithoutAToken() {
        RenderedChart chart = helm.render(
                RELEASE, NAMESPACE, Map.of("serviceAccount.annotations.iam\\.example\\.com/role", "gateway"));
        Map<String, Object> account = chart.only("ServiceAccount");
        assertEquals(FULLNAME, get(account, "metadata", "name"));
        assertEquals("gateway", get(account, "metadata", "annotations", "iam.example.com/role"));
        assertEquals(false, account.get("automountServiceAccountToken"));
        assertEquals(FULLNAME, chart.podSpec().get("serviceAccountName"));
        assertEquals(
                false, chart.podSpec().get("automountServiceAccountToken"), "the node never calls the Kubernetes API");

        RenderedChart existing = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "serviceAccount.create",
                        "false",
                        "serviceAccount.name",
                        "shared",
                        "serviceAccount.automount",
                        "true"));
        assertTrue(existing.all("ServiceAccount").isEmpty(), existing.kinds().toString());
        assertEquals("shared", existing.podSpec().get("serviceAccountName"));
        assertEquals(true, existing.podSpec().get("automountServiceAccountToken"));
    }

    /** {@code port} (a number or a name) is a port of the client Service. */
    private static void assertServicePort(RenderedChart chart, Object port) {
        List<Object> ports = list(chart.named("Service", FULLNAME), "spec", "ports");
        assertTrue(
                ports.stream()
                        .map(ChartAccessTest::mapping)
                        .anyMatch(p -> port.equals(p.get("port")) || port.equals(p.get("name"))),
                port + " is not a port of the client Service: " + ports);
    }

    private static Map<String, Object> mapping(Object node) {
        return RenderedChart.asMap(node, "mapping");
    }
}
