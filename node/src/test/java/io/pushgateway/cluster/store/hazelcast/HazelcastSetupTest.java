package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastSetupTest {
    @Test
    void flagsMakeATcpIpClusterWithQuorumAndBackups() throws Exception {
        Config config = HazelcastSetup.clustered(new ClusterOptions(
                "127.0.0.1", 5701, "", 0, List.of("127.0.0.1:5702"), "c", 2, 2, Duration.ofSeconds(5), null));
        assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(
                List.of("127.0.0.1:5702"),
                config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals(2, config.getMapConfig(HazelcastGroupStore.MAP_NAME).getBackupCount());
        assertEquals(
                HazelcastSetup.WRITE_QUORUM,
                config.getMapConfig(HazelcastGroupStore.MAP_NAME).getSplitBrainProtectionName());
        assertEquals(
                2,
                config.getSplitBrainProtectionConfig(HazelcastSetup.WRITE_QUORUM)
                        .getMinimumClusterSize());
        assertEquals("true", config.getProperty("hazelcast.operation.fail.on.indeterminate.state"));
        assertEquals("5", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
    }

    @Test
    void theAdvertisedAddressIsThePublicAddressWithItsOwnPort() throws Exception {
        Config config = HazelcastSetup.clustered(new ClusterOptions(
                "0.0.0.0", 5701, "node1", 6000, List.of("node2:5701"), "c", 1, 1, Duration.ofSeconds(5), null));
        assertEquals("node1:6000", config.getNetworkConfig().getPublicAddress());
        Config ipv6 = HazelcastSetup.clustered(new ClusterOptions(
                "0.0.0.0", 5701, "::1", 5701, List.of("[::1]:5702"), "c", 1, 1, Duration.ofSeconds(5), null));
        assertEquals("[::1]:5701", ipv6.getNetworkConfig().getPublicAddress());
        Config none = HazelcastSetup.clustered(new ClusterOptions(
                "0.0.0.0", 5701, "", 0, List.of("node2:5701"), "c", 1, 1, Duration.ofSeconds(5), null));
        assertEquals(null, none.getNetworkConfig().getPublicAddress(), "Hazelcast picks the bind address");
    }

    @Test
    void theRestoreMarkerIsOnEveryMemberAndNeedsNoQuorum() throws Exception {
        Config config = HazelcastSetup.clustered(new ClusterOptions(
                "127.0.0.1", 5701, "", 0, List.of("127.0.0.1:5702"), "c", 1, 2, Duration.ofSeconds(5), null));
        com.hazelcast.config.MapConfig marker = config.getMapConfig(HazelcastSetup.RESTORE_MARKER_MAP_NAME);
        assertEquals(6, marker.getBackupCount());
        assertEquals(
                null,
                marker.getSplitBrainProtectionName(),
                "the first member of a starting cluster must claim it alone");
    }

    @Test
    void shippedHostsConfigLoadsAndGetsTheGatewaysMaps() throws Exception {
        Config config = HazelcastSetup.clustered(fromFile("../cluster-config/hosts-tcp-ip.yaml"));
        assertEquals(
                3,
                config.getNetworkConfig()
                        .getJoin()
                        .getTcpIpConfig()
                        .getMembers()
                        .size());
        assertEquals(
                com.hazelcast.spi.merge.DiscardMergePolicy.class.getName(),
                config.getMapConfig(HazelcastGroupStore.MAP_NAME)
                        .getMergePolicyConfig()
                        .getPolicy());
        assertEquals(
                HazelcastSetup.WRITE_QUORUM,
                config.getMapConfig(HazelcastGroupStore.CLAIMS_MAP_NAME).getSplitBrainProtectionName());
    }

    @Test
    void shippedKubernetesConfigUsesDnsDiscovery() throws Exception {
        Config config = HazelcastSetup.clustered(fromFile("../cluster-config/kubernetes-dns.yaml"));
        assertTrue(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
        assertTrue(config.getNetworkConfig()
                .getJoin()
                .getKubernetesConfig()
                .getProperty("service-dns")
                .contains("headless"));
    }

    private static ClusterOptions fromFile(String path) {
        return new ClusterOptions("0.0.0.0", 5701, "", 0, List.of(), "ignored", 1, 2, Duration.ofSeconds(10), path);
    }
}
