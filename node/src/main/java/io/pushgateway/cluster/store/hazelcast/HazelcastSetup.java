package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.io.File;
import java.io.IOException;
import java.util.UUID;

/** The Hazelcast member configuration a node starts with. */
public final class HazelcastSetup {
    static final String WRITE_QUORUM = "groups-write-quorum";
    public static final String RESTORE_MARKER_MAP_NAME = "persistence-restore";
    private static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private HazelcastSetup() {}

    /**
     * A member that forms a cluster of its own on loopback and joins nobody: the single-node
     * default, which behaves like the Go Pushgateway.
     */
    public static Config standalone(ClusterOptions options) {
        Config config = new Config();
        config.setClusterName(options.name());
        NetworkConfig network = config.getNetworkConfig();
        network.setPortAutoIncrement(true).setPort(5701);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        applyGatewaySettings(config, options);
        return config;
    }

    /**
     * A member of a real cluster: joins its peers over TCP, refuses writes below the quorum, and
     * heals a split brain by keeping the larger side's data.
     */
    public static Config clustered(ClusterOptions options) throws IOException {
        Config config =
                options.configFile() != null ? Config.loadFromFile(new File(options.configFile())) : new Config();
        if (options.configFile() == null) {
            config.setClusterName(options.name());
            NetworkConfig network = config.getNetworkConfig();
            network.setPort(options.listenPort()).setPortAutoIncrement(false);
            if (!options.listenHost().equals("0.0.0.0")) {
                network.getInterfaces().setEnabled(true).addInterface(options.listenHost());
                config.setProperty("hazelcast.local.localAddress", options.listenHost());
            }
            if (!options.advertiseHost().isEmpty()) {
                network.setPublicAddress(options.advertised().toString());
            }
            JoinConfig join = network.getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(options.peers());
        }
        applyGatewaySettings(config, options);
        // Vert.x's cluster manager finds its node id in this attribute when it is handed an
        // existing Hazelcast instance; without it clustered Vert.x refuses to start.
        config.getMemberAttributeConfig()
                .setAttribute(VERTX_NODE_ID_ATTRIBUTE, UUID.randomUUID().toString());
        return config;
    }

    private static void applyGatewaySettings(Config config, ClusterOptions options) {
        setIfAbsent(config, "hazelcast.logging.type", "slf4j");
        setIfAbsent(config, "hazelcast.phone.home.enabled", "false");
        setIfAbsent(config, "hazelcast.shutdownhook.enabled", "false");
        // A push whose backup is not confirmed must fail, never be acknowledged and then lost.
        setIfAbsent(config, "hazelcast.operation.fail.on.indeterminate.state", "true");
        setIfAbsent(config, "hazelcast.wait.seconds.before.join", "0");
        setIfAbsent(config, "hazelcast.heartbeat.interval.seconds", "1");
        setIfAbsent(
                config,
                "hazelcast.max.no.heartbeat.seconds",
                Long.toString(options.memberTimeout().toSeconds()));
        setIfAbsent(config, "hazelcast.merge.first.run.delay.seconds", "5");
        setIfAbsent(config, "hazelcast.merge.next.run.delay.seconds", "5");
        // A write that cannot reach its partition owner fails within this time instead of hanging.
        setIfAbsent(config, "hazelcast.operation.call.timeout.millis", "15000");
        config.getJetConfig().setEnabled(false);
        MapConfig groups = config.getMapConfigOrNull(HazelcastGroupStore.MAP_NAME);
        if (groups == null) {
            groups = new MapConfig(HazelcastGroupStore.MAP_NAME).setBackupCount(options.backupCount());
            config.addMapConfig(groups);
        }
        groups.setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.BINARY);
        // After a split brain the larger side's data wins and the smaller side's is dropped: with
        // a write quorum the smaller side acknowledged nothing, and what it applied before it
        // noticed it was alone (answered 503) must not come back.
        groups.getMergePolicyConfig().setPolicy(DiscardMergePolicy.class.getName());
        MapConfig claims = config.getMapConfigOrNull(HazelcastGroupStore.CLAIMS_MAP_NAME);
        if (claims == null) {
            claims = new MapConfig(HazelcastGroupStore.CLAIMS_MAP_NAME).setBackupCount(groups.getBackupCount());
            config.addMapConfig(claims);
        }
        claims.setInMemoryFormat(InMemoryFormat.BINARY);
        claims.getMergePolicyConfig().setPolicy(DiscardMergePolicy.class.getName());
        // The restore marker must outlive any member but the last: a copy on every member (Hazelcast
        // allows six backups), and no quorum, so the first member of a starting cluster can claim it.
        MapConfig marker = config.getMapConfigOrNull(RESTORE_MARKER_MAP_NAME);
        if (marker == null) {
            config.addMapConfig(new MapConfig(RESTORE_MARKER_MAP_NAME).setBackupCount(MapConfig.MAX_BACKUP_COUNT));
        }
        if (options.minMembers() > 1) {
            SplitBrainProtectionConfig quorum = new SplitBrainProtectionConfig(WRITE_QUORUM, true, options.minMembers())
                    .setProtectOn(SplitBrainProtectionOn.WRITE);
            config.addSplitBrainProtectionConfig(quorum);
            groups.setSplitBrainProtectionName(WRITE_QUORUM);
            claims.setSplitBrainProtectionName(WRITE_QUORUM);
        }
        StoreSerialization.register(config);
    }

    private static void setIfAbsent(Config config, String property, String value) {
        if (config.getProperty(property) == null) {
            config.setProperty(property, value);
        }
    }
}
