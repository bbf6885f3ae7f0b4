package io.pushgateway.cluster.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;

/** The Hazelcast member configuration a node starts with. */
public final class HazelcastSetup {
    private HazelcastSetup() {}

    /**
     * A member that forms a cluster of its own on loopback and joins nobody: the single-node
     * default, which behaves like the Go Pushgateway.
     */
    public static Config standalone(String clusterName) {
        Config config = base(clusterName);
        NetworkConfig network = config.getNetworkConfig();
        network.setPortAutoIncrement(true).setPort(5701);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        return config;
    }

    private static Config base(String clusterName) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A push whose backup is not confirmed must fail, never be acknowledged and then lost.
        config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getJetConfig().setEnabled(false);
        MapConfig groups = new MapConfig(HazelcastGroupStore.MAP_NAME)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY);
        config.addMapConfig(groups);
        StoreSerialization.register(config);
        return config;
    }
}
