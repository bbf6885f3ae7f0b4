package io.pushgateway.cluster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.http.InputLimits;
import io.pushgateway.cluster.memory.HeapSizing;
import io.pushgateway.cluster.model.PromDuration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainTest {
    @Test
    void defaultsAreASingleNodeOn9091() {
        Config config = Main.parseConfig();
        assertEquals(new Config.ListenAddress("", 9091), config.listen());
        assertEquals("/metrics", config.telemetryPath());
        assertTrue(config.consistencyCheck());
        assertFalse(config.cluster().clustered());
        assertTrue(config.nodeMetricsInScrape(), "a single node shows its own metrics, as upstream");
        assertEquals(HeapSizing.bodyBytes(Runtime.getRuntime().maxMemory()), config.maxBodyBytes());
        assertEquals(
                HeapSizing.inflightBytes(Runtime.getRuntime().maxMemory()),
                config.memory().maxInflightBytes());
        assertEquals(0, config.memory().maxStoreSeries(), "derived from the heap");
    }

    @Test
    void aBodyLimitAboveTheDerivedInflightBudgetRaisesTheBudgetToOneSuchBody() {
        long large = HeapSizing.inflightBytes(Runtime.getRuntime().maxMemory()) * 2;
        Config config = Main.parseConfig("--push.max-body-bytes=" + large);
        assertEquals(large, config.maxBodyBytes());
        assertEquals(large, config.memory().maxInflightBytes());
        Config explicit = Main.parseConfig("--push.max-inflight-bytes=5000", "--store.max-series=70");
        assertEquals(5000, explicit.memory().maxInflightBytes());
        assertEquals(5000, explicit.maxBodyBytes(), "the body limit never exceeds what may be in flight");
        assertEquals(70, explicit.memory().maxStoreSeries());
        assertEquals("5000", explicit.flags().get("push.max-body-bytes"), "the status shows the effective value");
    }

    @Test
    void probeListenerIsOffUnlessGivenAndTakesTheListenAddressForms() {
        assertEquals(null, Main.parseConfig().probeListen());
        assertEquals(
                new Config.ListenAddress("", 9092),
                Main.parseConfig("--web.probe-listen-address=:9092").probeListen());
        assertEquals(
                new Config.ListenAddress("::1", 9092),
                Main.parseConfig("--web.probe-listen-address=[::1]:9092").probeListen());
        Config both =
                Main.parseConfig("--web.listen-address=127.0.0.1:9091", "--web.probe-listen-address=127.0.0.1:9092");
        assertEquals(new Config.ListenAddress("127.0.0.1", 9091), both.listen());
        assertEquals(new Config.ListenAddress("127.0.0.1", 9092), both.probeListen());
    }

    @Test
    void routePrefixComesFromTheExternalUrlUnlessGiven() {
        assertEquals(
                "/pg",
                Main.parseConfig("--web.external-url=http://example.org/pg/").routePrefix());
        assertEquals(
                "/x",
                Main.parseConfig("--web.external-url=http://example.org/pg", "--web.route-prefix=x/")
                        .routePrefix());
        assertEquals("", Main.parseConfig("--web.route-prefix=/").routePrefix());
        assertEquals("/pg/metrics", Main.parseConfig("--web.route-prefix=/pg").telemetryPath());
    }

    @Test
    void clusterQuorumDefaultsToAMajorityOfThePeersAndSelf() {
        Config config = Main.parseConfig(
                "--cluster.listen-address=127.0.0.1:5701",
                "--cluster.peer=127.0.0.1:5701",
                "--cluster.peer=127.0.0.1:5702",
                "--cluster.peer=127.0.0.1:5703");
        assertTrue(config.cluster().clustered());
        assertEquals(2, config.cluster().minMembers());
        assertEquals(
                List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"),
                config.cluster().peers());
        assertFalse(config.nodeMetricsInScrape(), "in a cluster every node serves the same scrape");
        assertEquals(Duration.ofSeconds(10), config.cluster().memberTimeout());
        assertEquals(3, config.cluster().expectedMembers(), "the peers, this node among them");
        assertEquals(
                4,
                Main.parseConfig(
                                "--cluster.listen-address=127.0.0.1:5704",
                                "--cluster.peer=127.0.0.1:5701",
                                "--cluster.peer=127.0.0.1:5702",
                                "--cluster.peer=127.0.0.1:5703")
                        .cluster()
                        .expectedMembers());
        assertEquals(1, Main.parseConfig().cluster().expectedMembers());
    }

    @Test
    void everyMemberHoldsEveryGroupByDefault() {
        assertEquals(
                2,
                Main.parseConfig(
                                "--cluster.listen-address=127.0.0.1:5701",
                                "--cluster.peer=127.0.0.1:5701",
                                "--cluster.peer=127.0.0.1:5702",
                                "--cluster.peer=127.0.0.1:5703")
                        .cluster()
                        .backupCount());
        assertEquals(
                1,
                Main.parseConfig("--cluster.listen-address=127.0.0.1:5701", "--cluster.peer=127.0.0.1:5702")
                        .cluster()
                        .backupCount());
        StringBuilder nine = new StringBuilder("--cluster.listen-address=127.0.0.1:5701");
        for (int i = 2; i <= 9; i++) {
            nine.append(" --cluster.peer=127.0.0.1:570").append(i);
        }
        assertEquals(6, Main.parseConfig(nine.toString().split(" ")).cluster().backupCount(), "Hazelcast's most");
        assertEquals(
                1,
                Main.parseConfig(
                                "--cluster.listen-address=127.0.0.1:5701",
                                "--cluster.peer=127.0.0.1:5702",
                                "--cluster.peer=127.0.0.1:5703",
                                "--cluster.backup-count=1")
                        .cluster()
                        .backupCount());
        assertEquals(
                2,
                Main.parseConfig("--cluster.config=../cluster-config/kubernetes-dns.yaml", "--cluster.min-members=2")
                        .cluster()
                        .backupCount(),
                "a quorum of 2 is a majority of at most 3 members");
    }

    @Test
    void shutdownServesForNoExtraTimeAndTakesAtMostThirtySecondsByDefault() {
        Config config = Main.parseConfig();
        assertEquals(Duration.ZERO, config.shutdownDelay());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
        Config set = Main.parseConfig("--web.shutdown-delay=15s", "--web.shutdown-timeout=2m");
        assertEquals(Duration.ofSeconds(15), set.shutdownDelay());
        assertEquals(Duration.ofMinutes(2), set.shutdownTimeout());
        assertEquals("15s", set.flags().get("web.shutdown-delay"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--log.level=bogus",
                "--log.format=xml",
                "--web.listen-address=nope",
                "--web.listen-address=:99999",
                "--push.max-body-bytes=0",
                "--push.max-inflight-bytes=0",
                "--store.max-series=-1",
                "--push.max-body-bytes=2000 --push.max-inflight-bytes=1000",
                "--cluster.peer=127.0.0.1:5701",
                "--cluster.listen-address=nohost",
                "--cluster.listen-address=127.0.0.1:5701 --cluster.member-timeout=5x",
                "--web.node-metrics-in-telemetry=maybe",
                "--cluster.config=/nonexistent.yaml",
                "--cluster.listen-address=127.0.0.1:5701 --cluster.backup-count=9",
                "--push.default-ttl=5x",
                "--push.ttl-rule=nodelimiter",
                "--push.ttl-rule=(bad=5m",
                "--push.ttl-rules-file=/nonexistent-rules",
                "--web.config.file=/nonexistent-web.yml",
                "--persistence.interval=0",
                "--persistence.interval=5",
                "--push.max-series=0",
                "--push.max-label-pairs=-1",
                "--push.max-label-name-length=0",
                "--push.max-label-value-length=0",
                "--web.max-url-length=100",
                "--web.max-header-bytes=512",
                "--web.idle-timeout=0s",
                "--web.read-timeout=later",
                "--web.max-connections=0",
                "--web.probe-listen-address=9092",
                "--web.probe-listen-address=:x",
                "--web.shutdown-delay=soon",
                "--web.shutdown-timeout=0s",
                "--cluster.listen-address=127.0.0.1:5701 --cluster.advertise-address=127.0.0.1:x",
                "--cluster.listen-address=127.0.0.1:5701 --cluster.advertise-address=::1:5701",
                "--cluster.advertise-address=node1",
            })
    void badValuesAreRefusedWithAMessage(String args) {
        CommandLine.ParameterException error =
                assertThrows(CommandLine.ParameterException.class, () -> Main.parseConfig(args.split(" ")));
        assertFalse(error.getMessage().isBlank());
    }

    @Test
    void aWebConfigFileIsCheckedLikeAFlag(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("web.yml");
        java.nio.file.Files.writeString(file, "basic_auth_users:\n  alice: not-a-hash\n");
        CommandLine.ParameterException error =
                assertThrows(CommandLine.ParameterException.class, () -> Main.parseConfig("--web.config.file=" + file));
        assertEquals(
                "--web.config.file: basic_auth_users: the password of \"alice\" is not a bcrypt hash",
                error.getMessage());
        java.nio.file.Files.writeString(file, "# nothing yet\n");
        assertEquals(file, Main.parseConfig("--web.config.file=" + file).webConfigFile());
        assertEquals(null, Main.parseConfig().webConfigFile(), "plain HTTP without authentication by default");
    }

    @Test
    void persistenceIsOffUnlessGivenAFileAndSnapshotsEveryFiveMinutesAsUpstream() {
        Config defaults = Main.parseConfig();
        assertFalse(defaults.persistence().enabled());
        assertEquals(Duration.ofMinutes(5), defaults.persistence().interval());
        Config config = Main.parseConfig("--persistence.file=/data/groups.snapshot", "--persistence.interval=30s");
        assertTrue(config.persistence().enabled());
        assertEquals("/data/groups.snapshot", config.persistence().file());
        assertEquals(Duration.ofSeconds(30), config.persistence().interval());
        assertEquals("30s", config.flags().get("persistence.interval"));
    }

    @Test
    void inputLimitsHaveDefaultsAndFlags() {
        InputLimits defaults = Main.parseConfig().limits();
        assertEquals(
                new InputLimits(
                        100_000, 128, 1024, 16384, 8192, 16384, Duration.ofMinutes(5), Duration.ofMinutes(2), 1024),
                defaults);
        InputLimits set = Main.parseConfig(
                        "--push.max-series=10",
                        "--push.max-label-pairs=3",
                        "--push.max-label-name-length=20",
                        "--push.max-label-value-length=30",
                        "--web.max-url-length=300",
                        "--web.max-header-bytes=2000",
                        "--web.idle-timeout=90s",
                        "--web.read-timeout=10s",
                        "--web.max-connections=7")
                .limits();
        assertEquals(new InputLimits(10, 3, 20, 30, 300, 2000, Duration.ofSeconds(90), Duration.ofSeconds(10), 7), set);
    }

    @Test
    void ttlRulesComeFromFlagsThenTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("rules");
        java.nio.file.Files.writeString(file, "# ephemeral runners\nrunner-.*=30m\n\nnightly=2d # long\n");
        Config config =
                Main.parseConfig("--push.default-ttl=1h", "--push.ttl-rule=ci-.*=10m", "--push.ttl-rules-file=" + file);
        assertEquals(Duration.ofHours(1), config.ttl().defaultTtl());
        assertEquals(
                List.of("ci-.*=10m", "runner-.*=30m", "nightly=2d"),
                config.ttl().rules().stream().map(Object::toString).toList());
        assertEquals(Duration.ZERO, Main.parseConfig().ttl().defaultTtl(), "no expiry unless asked for");
    }

    @Test
    void utf8NamesAreOptIn() {
        assertEquals(
                io.pushgateway.cluster.model.NameValidation.CLASSIC,
                Main.parseConfig().names());
        Config config = Main.parseConfig("--push.enable-utf8-names");
        assertEquals(io.pushgateway.cluster.model.NameValidation.UTF8, config.names());
        assertEquals("true", config.flags().get("push.enable-utf8-names"));
    }

    @Test
    void durationsAreReadAsPrometheusWritesThem() {
        assertEquals(Duration.ofMinutes(90), PromDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(250), PromDuration.parse("250ms"));
        assertEquals(Duration.ZERO, PromDuration.parse("0"));
        assertEquals(Duration.ofDays(7), PromDuration.parse("1w"));
        assertThrows(IllegalArgumentException.class, () -> PromDuration.parse("5"));
        assertThrows(IllegalArgumentException.class, () -> PromDuration.parse("1m1h"));
        assertEquals("1h30m", PromDuration.format(Duration.ofMinutes(90)));
    }

    @Test
    void theAdvertisedAddressTakesHostOrHostAndPortWithTheListenPortAsDefault() {
        Config hostOnly = Main.parseConfig(
                "--cluster.listen-address=0.0.0.0:5701",
                "--cluster.advertise-address=node1",
                "--cluster.peer=node1:5701",
                "--cluster.peer=node2:5701");
        assertEquals(
                new io.pushgateway.cluster.store.hazelcast.MemberAddress("node1", 5701),
                hostOnly.cluster().advertised());
        assertEquals(2, hostOnly.cluster().expectedMembers(), "the advertised address is one of the peers");
        Config withPort = Main.parseConfig(
                "--cluster.listen-address=127.0.0.1:34461", "--cluster.advertise-address=127.0.0.1:34461");
        assertEquals("127.0.0.1:34461", withPort.cluster().advertised().toString());
        Config ipv6 = Main.parseConfig("--cluster.listen-address=[::]:5701", "--cluster.advertise-address=[::1]:5702");
        assertEquals("[::1]:5702", ipv6.cluster().advertised().toString());
        assertEquals("[::1]:5702", ipv6.flags().get("cluster.advertise-address"), "the status shows the flag as given");
        assertEquals(
                2,
                Main.parseConfig(
                                "--cluster.listen-address=[::1]:5701",
                                "--cluster.peer=[::1]:5701",
                                "--cluster.peer=[::1]:5702")
                        .cluster()
                        .expectedMembers(),
                "this member is one of the peers");
    }

    @Test
    void aBadAdvertisedAddressExitsWithTwoAndOneLineNamingTheFlagAndTheForm() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute("--cluster.listen-address=127.0.0.1:5701", "--cluster.advertise-address=127.0.0.1:57o1");
        assertEquals(2, code, "a usage error, as a bad flag of picocli's own");
        assertEquals(
                List.of("pushgateway-cluster: error: --cluster.advertise-address \"127.0.0.1:57o1\": port is not a "
                        + "number: \"57o1\"; expected HOST or HOST:PORT, IPv6 as [::1]:5701 (see --help)"),
                err.toString().lines().toList());
    }

    @Test
    void theStatusFlagsAreEveryOptionOfTheCommandWithItsValueInEffect() {
        Config config = Main.parseConfig(
                "--web.enable-openmetrics",
                "--cluster.peer=127.0.0.1:5701",
                "--cluster.peer=127.0.0.1:5702",
                "--cluster.listen-address=127.0.0.1:5701");
        java.util.Set<String> expected = new java.util.LinkedHashSet<>();
        for (CommandLine.Model.OptionSpec option :
                new CommandLine(new Main()).getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                expected.add(option.longestName().substring(2));
            }
        }
        assertEquals(expected, config.flags().keySet());
        assertEquals("true", config.flags().get("web.enable-openmetrics"));
        assertEquals("false", Main.parseConfig().flags().get("web.enable-openmetrics"));
        assertEquals("127.0.0.1:5701,127.0.0.1:5702", config.flags().get("cluster.peer"));
        assertEquals("", config.flags().get("cluster.backup-count"), "unset, as upstream shows an unset flag");
        assertEquals(":9091", config.flags().get("web.listen-address"), "defaults included");
        assertEquals(
                Long.toString(config.maxBodyBytes()), config.flags().get("push.max-body-bytes"), "derived, in effect");
    }
}
