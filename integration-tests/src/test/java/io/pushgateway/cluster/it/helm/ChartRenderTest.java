package io.pushgateway.cluster.it.helm;

import static io.pushgateway.cluster.it.helm.RenderedChart.get;
import static io.pushgateway.cluster.it.helm.RenderedChart.list;
import static io.pushgateway.cluster.it.helm.RenderedChart.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart in {@code helm/pushgateway-cluster}: it lints, renders for the defaults and the
 * variants operators use, refuses mistyped values, and the manifests say what running several
 * replicas as one cluster needs.
 */
class ChartRenderTest {
    private static final String RELEASE = "gw";
    private static final String NAMESPACE = "monitoring";
    private static final String FULLNAME = "gw-pushgateway-cluster";
    private static final String HEADLESS = FULLNAME + "-headless";

    private Helm helm;

    @BeforeEach
    void findHelm() {
        helm = Helm.find();
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("defaults", Map.of()),
                Arguments.of("five replicas", Map.of("replicaCount", "5")),
                Arguments.of(
                        "TTL rules",
                        Map.of("ttl.default", "1d", "ttl.rules[0].job", "ci-.*", "ttl.rules[0].ttl", "2h")),
                Arguments.of("monitors on", Map.of("serviceMonitor.enabled", "true", "podMonitor.enabled", "true")),
                Arguments.of(
                        "operator objects on",
                        Map.of(
                                "scrapeConfig.enabled",
                                "true",
                                "prometheusRule.enabled",
                                "true",
                                "grafanaDashboard.enabled",
                                "true",
                                "persistence.enabled",
                                "true")),
                Arguments.of(
                        "persistence on", Map.of("persistence.enabled", "true", "persistence.storageClass", "fast")),
                Arguments.of("network policy off", Map.of("networkPolicy.enabled", "false")),
                Arguments.of(
                        "ingress and route",
                        Map.of(
                                "ingress.enabled",
                                "true",
                                "ingress.hosts[0].host",
                                "push.example.com",
                                "httpRoute.enabled",
                                "true",
                                "httpRoute.parentRefs[0].name",
                                "public")),
                Arguments.of(
                        "inline web config over TLS",
                        Map.of("webConfig.content.access_control.open_probes", "true", "webConfig.tls", "true")),
                Arguments.of("existing web config", Map.of("webConfig.existingSecret", "gateway-web")),
                Arguments.of("drain off", Map.of("drain.enabled", "false")),
                Arguments.of("own probe port", Map.of("probes.port", "9100")),
                Arguments.of(
                        "fixed heap, own ServiceAccount",
                        Map.of(
                                "jvm.maxHeap",
                                "300m",
                                "serviceAccount.create",
                                "false",
                                "serviceAccount.name",
                                "gateway")),
                Arguments.of("one replica, quorum chosen", Map.of("replicaCount", "1", "cluster.minMembers", "1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void lintsCleanAlsoWhenStrict(String variant, Map<String, String> values) {
        PeerProgram.Result lint = helm.lint(false, values);
        assertTrue(lint.ok(), variant + ": " + lint);
        PeerProgram.Result strict = helm.lint(true, values);
        assertTrue(strict.ok(), variant + " (--strict): " + strict);
        assertFalse(
                strict.stdout().contains("[INFO]") || strict.stdout().contains("[WARNING]"),
                variant + ": lint has remarks: " + strict.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void rendersEveryVariant(String variant, Map<String, String> values) {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, values);
        assertEquals(1, chart.all("StatefulSet").size(), variant + ": " + chart.kinds());
        assertEquals(2, chart.all("Service").size(), variant + ": " + chart.kinds());
    }

    @Test
    void defaultsRunThreeReplicasAsAStatefulSetThatUpdatesOnePodAtATime() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        Map<String, Object> set = chart.only("StatefulSet");
        assertEquals(3, get(set, "spec", "replicas"));
        assertEquals(HEADLESS, get(set, "spec", "serviceName"), "stable pod DNS names come from the headless Service");
        assertEquals(
                "Parallel",
                get(set, "spec", "podManagementPolicy"),
                "pods start together and form the cluster together");
        assertEquals("RollingUpdate", get(set, "spec", "updateStrategy", "type"));
        Object maxUnavailable = get(set, "spec", "updateStrategy", "rollingUpdate", "maxUnavailable");
        assertTrue(
                maxUnavailable == null || Integer.valueOf(1).equals(maxUnavailable),
                "one pod at a time: " + maxUnavailable);
        assertSelectsPods(chart, map(set, "spec", "selector", "matchLabels"));
        assertEquals(
                "ghcr.io/pushgateway-cluster/pushgateway-cluster:0.1.0",
                chart.container().get("image"));

        assertEquals("2", chart.flag("--cluster.min-members"), "a majority of 3");
        assertEquals(
                "2",
                chart.flag("--cluster.backup-count"),
                "a copy on every other pod: a push survives while one pod lives");
        assertEquals(":9091", chart.flag("--web.listen-address"));
        assertEquals(9091, chart.containerPort("http"));
        assertEquals(":9092", chart.flag("--web.probe-listen-address"));
        assertEquals(9092, chart.containerPort("probes"));
        assertEquals(5701, chart.containerPort("cluster"));
        assertEquals("0", chart.flag("--push.default-ttl"), "groups live until deleted, as upstream");
        assertEquals(List.of(), chart.flags("--push.ttl-rule"));
        assertNull(chart.flag("--persistence.file"));
        assertNull(get(set, "spec", "volumeClaimTemplates"));
        assertTrue(
                chart.all("ServiceMonitor").isEmpty() && chart.all("PodMonitor").isEmpty(),
                chart.kinds().toString());
    }

    @Test
    void headlessServiceListsEveryPodAndTheHazelcastConfigResolvesIt() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        Map<String, Object> headless = chart.named("Service", HEADLESS);
        assertEquals("None", get(headless, "spec", "clusterIP"));
        assertEquals(
                true,
                get(headless, "spec", "publishNotReadyAddresses"),
                "starting pods must find each other before any is ready");
        assertSelectsPods(chart, map(headless, "spec", "selector"));
        Map<String, Object> memberPort =
                RenderedChart.asMap(list(headless, "spec", "ports").get(0), "port");
        assertEquals(5701, memberPort.get("port"));
        assertEquals(5701, resolvePort(chart, memberPort.get("targetPort")));

        Map<String, Object> hazelcast = mountedHazelcastConfig(chart);
        Map<String, Object> kubernetes = map(hazelcast, "hazelcast", "network", "join", "kubernetes");
        assertEquals(true, kubernetes.get("enabled"));
        assertEquals(HEADLESS + "." + NAMESPACE + ".svc.cluster.local", kubernetes.get("service-dns"));
        assertEquals(5701, kubernetes.get("service-port"));
        assertEquals(false, get(hazelcast, "hazelcast", "network", "join", "multicast", "enabled"));
        assertEquals(5701, get(hazelcast, "hazelcast", "network", "port", "port"));
        assertEquals(FULLNAME, get(hazelcast, "hazelcast", "cluster-name"), "releases side by side stay apart");
    }

    @Test
    void clientServiceUsesTheHttpPortAndProbesTheProbeListener() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        Map<String, Object> client = chart.named("Service", FULLNAME);
        assertNull(get(client, "spec", "clusterIP"), "the client Service load-balances");
        assertSelectsPods(chart, map(client, "spec", "selector"));
        Map<String, Object> port =
                RenderedChart.asMap(list(client, "spec", "ports").get(0), "port");
        assertEquals(9091, port.get("port"));
        assertEquals(9091, resolvePort(chart, port.get("targetPort")));

        Map<String, Object> container = chart.container();
        assertEquals(
                "/-/ready", get(container, "readinessProbe", "httpGet", "path"), "ready once it holds every group");
        assertEquals("/-/healthy", get(container, "livenessProbe", "httpGet", "path"));
        assertEquals("/-/healthy", get(container, "startupProbe", "httpGet", "path"));
        // A connection flood on 9091 must not fail the liveness probe and restart a healthy pod.
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals(9092, resolvePort(chart, get(container, probe, "httpGet", "port")), probe);
        }

        RenderedChart moved = helm.render(RELEASE, NAMESPACE, Map.of("probes.port", "9100"));
        assertEquals(":9100", moved.flag("--web.probe-listen-address"));
        assertEquals(9100, resolvePort(moved, get(moved.container(), "livenessProbe", "httpGet", "port")));
        assertTrue(
                list(moved.only("NetworkPolicy"), "spec", "ingress").stream()
                        .anyMatch(r -> rulePorts(RenderedChart.asMap(r, "rule")).contains(9100)),
                "the moved probe port is admitted");
        for (String taken : List.of("9091", "5701")) {
            PeerProgram.Result clash = helm.template(RELEASE, NAMESPACE, Map.of("probes.port", taken));
            assertFalse(clash.ok(), "probe port " + taken + " was accepted");
            assertTrue(clash.stderr().contains("probes.port " + taken + " is taken"), clash.stderr());
        }
    }

    @Test
    void onlyTheReleasesOwnPodsReachTheMemberPort() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        Map<String, Object> policy = chart.only("NetworkPolicy");
        assertSelectsPods(chart, map(policy, "spec", "podSelector", "matchLabels"));
        assertEquals(List.of("Ingress"), get(policy, "spec", "policyTypes"));
        Map<String, Object> podLabels = map(chart.only("StatefulSet"), "spec", "template", "metadata", "labels");
        boolean memberPortAdmitted = false;
        boolean httpOpen = false;
        boolean probesOpen = false;
        for (Object item : list(policy, "spec", "ingress")) {
            Map<String, Object> rule = RenderedChart.asMap(item, "ingress rule");
            List<Integer> ports = rulePorts(rule);
            assertFalse(ports.isEmpty(), "a rule without ports opens every port: " + rule);
            if (ports.contains(5701)) {
                List<Object> from = list(rule, "from");
                assertFalse(from.isEmpty(), "5701 must not be open to everyone: " + rule);
                for (Object peer : from) {
                    assertNull(get(peer, "namespaceSelector"), "no other namespace: " + peer);
                    assertNull(get(peer, "ipBlock"), "no addresses: " + peer);
                    Map<String, Object> selector = map(peer, "podSelector", "matchLabels");
                    assertTrue(
                            podLabels.entrySet().containsAll(selector.entrySet()),
                            "peer must be this release's pods: " + peer);
                    assertEquals(
                            RELEASE, selector.get("app.kubernetes.io/instance"), "peer must name the release: " + peer);
                }
                memberPortAdmitted = true;
            }
            if (ports.contains(9091) && get(rule, "from") == null) {
                httpOpen = true;
            }
            if (ports.contains(9092) && get(rule, "from") == null) {
                probesOpen = true;
            }
        }
        assertTrue(memberPortAdmitted, "the members must reach each other on 5701");
        assertTrue(httpOpen, "pushes and scrapes reach 9091 from anywhere by default");
        assertTrue(probesOpen, "the kubelet and Prometheus reach the probe listener on 9092 like 9091");

        Map<String, Object> restricted = helm.render(
                        RELEASE,
                        NAMESPACE,
                        Map.of("networkPolicy.httpFrom[0].namespaceSelector.matchLabels.team", "batch"))
                .only("NetworkPolicy");
        Map<String, Object> httpRule = list(restricted, "spec", "ingress").stream()
                .map(r -> RenderedChart.asMap(r, "rule"))
                .filter(r -> rulePorts(r).contains(9091))
                .findFirst()
                .orElseThrow();
        assertEquals(Map.of("team", "batch"), get(list(httpRule, "from").get(0), "namespaceSelector", "matchLabels"));
        assertTrue(rulePorts(httpRule).contains(9092), "the probe port is narrowed with 9091: " + httpRule);

        assertTrue(helm.render(RELEASE, NAMESPACE, Map.of("networkPolicy.enabled", "false"))
                .all("NetworkPolicy")
                .isEmpty());
    }

    @Test
    void disruptionsAndSchedulingKeepAMajorityUp() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        Map<String, Object> budget = chart.only("PodDisruptionBudget");
        assertEquals(1, get(budget, "spec", "maxUnavailable"));
        assertSelectsPods(chart, map(budget, "spec", "selector", "matchLabels"));

        Map<String, Object> podSpec = map(chart.only("StatefulSet"), "spec", "template", "spec");
        assertNull(
                get(podSpec, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"),
                "soft: a cluster with fewer nodes than pods still schedules");
        Map<String, Object> term = map(
                list(podSpec, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")
                        .get(0),
                "podAffinityTerm");
        assertEquals("kubernetes.io/hostname", term.get("topologyKey"));
        assertSelectsPods(chart, map(term, "labelSelector", "matchLabels"));

        int grace = (Integer) podSpec.get("terminationGracePeriodSeconds");
        assertTrue(grace > 30, "the node takes up to 30 s to leave the cluster after SIGTERM: " + grace);
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootFilesystemWithATmpVolume() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        Map<String, Object> podSpec = map(chart.only("StatefulSet"), "spec", "template", "spec");
        assertEquals(true, get(podSpec, "securityContext", "runAsNonRoot"));
        assertEquals(65532, get(podSpec, "securityContext", "runAsUser"));
        Map<String, Object> container = chart.container();
        assertEquals(true, get(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(false, get(container, "securityContext", "allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), get(container, "securityContext", "capabilities", "drop"));
        String tmpVolume = chart.volumeMountedAt("/tmp");
        assertNotNull(chart.volume(tmpVolume).get("emptyDir"), "/tmp must be writable");
    }

    @Test
    void fiveReplicasNeedThreeForAWriteAndKeepACopyOnEveryPod() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of("replicaCount", "5"));
        assertEquals(5, get(chart.only("StatefulSet"), "spec", "replicas"));
        assertEquals("3", chart.flag("--cluster.min-members"));
        assertEquals("4", chart.flag("--cluster.backup-count"), "a copy on each of the four other pods");
        assertEquals(1, get(chart.only("PodDisruptionBudget"), "spec", "maxUnavailable"));

        RenderedChart chosen = helm.render(
                RELEASE, NAMESPACE, Map.of("replicaCount", "5", "cluster.minMembers", "4", "cluster.backupCount", "3"));
        assertEquals("4", chosen.flag("--cluster.min-members"));
        assertEquals("3", chosen.flag("--cluster.backup-count"));

        assertEquals(
                "6",
                helm.render(RELEASE, NAMESPACE, Map.of("replicaCount", "9")).flag("--cluster.backup-count"),
                "Hazelcast keeps at most six backups");
        assertEquals(
                "0",
                helm.render(RELEASE, NAMESPACE, Map.of("replicaCount", "1", "cluster.minMembers", "1"))
                        .flag("--cluster.backup-count"),
                "a single pod has no other pod to hold a copy");
    }

    @Test
    void ttlValuesBecomeTheNodesTtlFlagsInOrder() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ttl.default", "1d");
        values.put("ttl.rules[0].job", "ci-.*");
        values.put("ttl.rules[0].ttl", "2h");
        values.put("ttl.rules[1].job", "batch-[0-9]+");
        values.put("ttl.rules[1].ttl", "30m");
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, values);
        assertEquals("1d", chart.flag("--push.default-ttl"));
        assertEquals(List.of("ci-.*=2h", "batch-[0-9]+=30m"), chart.flags("--push.ttl-rule"));
    }

    @Test
    void extraArgsAndEnvironmentReachTheContainer() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "extraArgs[0]", "--push.max-body-bytes=1048576",
                        "extraEnv[0].name", "TZ",
                        "extraEnv[0].value", "UTC"));
        assertEquals("1048576", chart.flag("--push.max-body-bytes"));
        assertEquals("UTC", chart.environment().get("TZ"));
    }

    @Test
    void jvmHeapSettingsBecomeTheJvmsOwnEnvironmentVariable() {
        assertEquals(
                "-XX:MaxRAMPercentage=75",
                helm.render(RELEASE, NAMESPACE, Map.of()).environment().get("JAVA_TOOL_OPTIONS"),
                "the heap follows the container's memory limit");
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of("jvm.maxRAMPercentage", "60", "jvm.maxHeap", "1g", "jvm.extraOptions", "-XX:+UseG1GC -Xlog:gc"));
        assertEquals(
                "-XX:MaxRAMPercentage=60 -Xmx1g -XX:+UseG1GC -Xlog:gc",
                chart.environment().get("JAVA_TOOL_OPTIONS"));

        // A second JAVA_TOOL_OPTIONS in extraEnv would silently replace or be replaced by the chart's.
        PeerProgram.Result twice = helm.template(
                RELEASE, NAMESPACE, Map.of("extraEnv[0].name", "JAVA_TOOL_OPTIONS", "extraEnv[0].value", "-Xmx1g"));
        assertFalse(twice.ok(), "JAVA_TOOL_OPTIONS in extraEnv was accepted");
        assertTrue(twice.stderr().contains("jvm.extraOptions"), twice.stderr());
    }

    @Test
    void fewerThanThreeReplicasNeedAnExplicitQuorum() {
        for (String replicas : List.of("1", "2")) {
            PeerProgram.Result refused = helm.template(RELEASE, NAMESPACE, Map.of("replicaCount", replicas));
            assertFalse(refused.ok(), replicas + " replicas rendered without a chosen quorum");
            assertTrue(
                    refused.stderr().contains("quorum") && refused.stderr().contains("cluster.minMembers"),
                    "the message should explain the quorum and the way out: " + refused.stderr());
        }
        RenderedChart chosen = helm.render(RELEASE, NAMESPACE, Map.of("replicaCount", "2", "cluster.minMembers", "1"));
        assertEquals("1", chosen.flag("--cluster.min-members"));
        assertEquals(2, get(chosen.only("StatefulSet"), "spec", "replicas"));
    }

    @Test
    void drainFlagsAndAGracePeriodThatCoversThem() {
        RenderedChart defaults = helm.render(RELEASE, NAMESPACE, Map.of());
        assertEquals("10s", defaults.flag("--web.shutdown-delay"), "the drain is on by default");
        assertEquals("30s", defaults.flag("--web.shutdown-timeout"));
        assertEquals(
                60, defaults.podSpec().get("terminationGracePeriodSeconds"), "10 s delay + 30 s timeout + 20 s margin");
        RenderedChart off = helm.render(RELEASE, NAMESPACE, Map.of("drain.enabled", "false"));
        assertNull(off.flag("--web.shutdown-delay"));
        assertNull(off.flag("--web.shutdown-timeout"));

        RenderedChart drain =
                helm.render(RELEASE, NAMESPACE, Map.of("drain.shutdownDelay", "15s", "drain.shutdownTimeout", "1m30s"));
        assertEquals("15s", drain.flag("--web.shutdown-delay"));
        assertEquals("1m30s", drain.flag("--web.shutdown-timeout"));
        assertEquals(125, drain.podSpec().get("terminationGracePeriodSeconds"), "15 s + 90 s + 20 s");

        RenderedChart longer = helm.render(RELEASE, NAMESPACE, Map.of("terminationGracePeriodSeconds", "300"));
        assertEquals(300, longer.podSpec().get("terminationGracePeriodSeconds"));
        PeerProgram.Result tooShort = helm.template(
                RELEASE, NAMESPACE, Map.of("drain.shutdownTimeout", "1m", "terminationGracePeriodSeconds", "45"));
        assertFalse(tooShort.ok(), "a grace period shorter than the drain was accepted");
        assertTrue(tooShort.stderr().contains("must cover drain.shutdownDelay"), tooShort.stderr());
    }

    @Test
    void probesTakeTheirTimingFromTheValues() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "probes.liveness.failureThreshold",
                        "9",
                        "probes.readiness.initialDelaySeconds",
                        "7",
                        "probes.startup.periodSeconds",
                        "2"));
        Map<String, Object> container = chart.container();
        assertEquals(9, get(container, "livenessProbe", "failureThreshold"));
        assertEquals(10, get(container, "livenessProbe", "periodSeconds"), "unset fields keep their defaults");
        assertEquals(7, get(container, "readinessProbe", "initialDelaySeconds"));
        assertEquals(2, get(container, "startupProbe", "periodSeconds"));
        assertEquals("/-/ready", get(container, "readinessProbe", "httpGet", "path"));
        assertEquals("HTTP", get(container, "readinessProbe", "httpGet", "scheme"));
    }

    @Test
    void podsSpreadOverNodesAndZones() {
        RenderedChart chart = helm.render(RELEASE, NAMESPACE, Map.of());
        List<Object> constraints = list(chart.podSpec(), "topologySpreadConstraints");
        Map<String, Object> byNode = constraints.stream()
                .map(ChartRenderTest::mapping)
                .filter(c -> "kubernetes.io/hostname".equals(c.get("topologyKey")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no spread over nodes: " + constraints));
        assertEquals(1, byNode.get("maxSkew"));
        assertEquals(
                "DoNotSchedule",
                byNode.get("whenUnsatisfiable"),
                "three pods must not share a node while another has room");
        assertSelectsPods(chart, map(byNode, "labelSelector", "matchLabels"));

        RenderedChart own = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "topologySpreadConstraints[0].maxSkew",
                        "2",
                        "topologySpreadConstraints[0].topologyKey",
                        "rack",
                        "topologySpreadConstraints[0].whenUnsatisfiable",
                        "ScheduleAnyway"));
        assertEquals(
                List.of(Map.of("maxSkew", 2, "topologyKey", "rack", "whenUnsatisfiable", "ScheduleAnyway")),
                get(own.podSpec(), "topologySpreadConstraints"));
    }

    @Test
    void persistenceGivesEachPodAVolumeAndTheSnapshotFlags() {
        RenderedChart chart = helm.render(
                RELEASE,
                NAMESPACE,
                Map.of(
                        "persistence.enabled",
                        "true",
                        "persistence.size",
                        "2Gi",
                        "persistence.storageClass",
                        "fast",
                        "persistence.interval",
                        "1m"));
        Map<String, Object> claim = mapping(
                list(chart.only("StatefulSet"), "spec", "volumeClaimTemplates").get(0));
        assertEquals("2Gi", get(claim, "spec", "resources", "requests", "storage"));
        assertEquals("fast", get(claim, "spec", "storageClassName"));
        assertEquals(get(claim, "metadata", "name"), chart.volumeMountedAt("/data"));
        assertEquals("/data/groups.snapshot", chart.flag("--persistence.file"));
        assertEquals("1m", chart.flag("--persistence.interval"));
    }

    @Test
    void mistypedOrInvalidValuesAreRefused() {
        List<Map<String, String>> wrong = List.of(
                Map.of("replicaCont", "5"),
                Map.of("networkPolicy.enable", "false"),
                Map.of("ttl.defualt", "1h"),
                Map.of("ttl.default", "1 day"),
                Map.of("ttl.rules[0].job", "ci-.*"),
                Map.of("persistence.enable", "true"),
                Map.of("log.level", "verbose"),
                Map.of("replicaCount", "0"),
                Map.of("ingress.hostz[0].host", "a.example.com"),
                Map.of("drain.shutdownDelay", "10 seconds"),
                Map.of("probes.liveness.periodSecs", "5"),
                Map.of("webConfig.existingSecretName", "web"),
                Map.of("serviceAccount.automountToken", "true"),
                Map.of("jvm.maxHeap", "1 GB"),
                Map.of("prometheusRule.enable", "true"),
                Map.of("scrapeConfig.honorLabels", "false"));
        for (Map<String, String> values : wrong) {
            PeerProgram.Result template = helm.template(RELEASE, NAMESPACE, values);
            assertFalse(template.ok(), "helm template accepted " + values);
            String key = values.keySet().iterator().next().replaceAll("\\[.*", "");
            String lastPart = key.substring(key.lastIndexOf('.') + 1);
            assertTrue(
                    template.stderr().contains(lastPart),
                    "the error should name " + lastPart + ": " + template.stderr());
            assertFalse(helm.lint(false, values).ok(), "helm lint accepted " + values);
        }

        // Checked by the templates rather than the schema (helm lint reports a template's fail only as information).
        PeerProgram.Result quorumTooLarge = helm.template(RELEASE, NAMESPACE, Map.of("cluster.minMembers", "4"));
        assertFalse(quorumTooLarge.ok(), "a quorum larger than the cluster was accepted");
        assertTrue(quorumTooLarge.stderr().contains("must not exceed replicaCount"), quorumTooLarge.stderr());
    }

    private static void assertSelectsPods(RenderedChart chart, Map<String, Object> selector) {
        Map<String, Object> podLabels = map(chart.only("StatefulSet"), "spec", "template", "metadata", "labels");
        assertFalse(selector.isEmpty(), "empty selector");
        assertTrue(
                podLabels.entrySet().containsAll(selector.entrySet()),
                "selector " + selector + " does not match the pods' labels " + podLabels);
        assertEquals(RELEASE, selector.get("app.kubernetes.io/instance"), "selector must be limited to the release");
    }

    /** The Hazelcast config file the container is started with, read from the ConfigMap mounted at its directory. */
    private static Map<String, Object> mountedHazelcastConfig(RenderedChart chart) {
        String path = chart.flag("--cluster.config");
        assertNotNull(path, "the pods need --cluster.config");
        String dir = path.substring(0, path.lastIndexOf('/'));
        String file = path.substring(path.lastIndexOf('/') + 1);
        Map<String, Object> podSpec = map(chart.only("StatefulSet"), "spec", "template", "spec");
        String volumeName = chart.volumeMountedAt(dir);
        String configMapName = (String) get(chart.volume(volumeName), "configMap", "name");
        Object text = get(chart.named("ConfigMap", configMapName), "data", file);
        assertNotNull(text, "ConfigMap " + configMapName + " has no " + file);
        return RenderedChart.parseDocument((String) text);
    }

    /** A port given by number or by the name of a container port. */
    private static int resolvePort(RenderedChart chart, Object port) {
        return port instanceof Integer number ? number : chart.containerPort((String) port);
    }

    private static List<Integer> rulePorts(Map<String, Object> rule) {
        Object ports = rule.get("ports");
        if (ports == null) {
            return List.of();
        }
        return ((List<?>) ports).stream().map(p -> (Integer) get(p, "port")).toList();
    }

    private static Map<String, Object> labels(Map<String, Object> manifest) {
        return map(manifest, "metadata", "labels");
    }

    private static Map<String, Object> mapping(Object node) {
        return RenderedChart.asMap(node, "mapping");
    }
}
