package io.pushgateway.cluster.store.hazelcast;

import java.time.Duration;
import java.util.List;

/**
 * How this node's Hazelcast member finds and trusts its peers.
 *
 * @param listenHost the member's bind address; empty for no clustering (a one-member cluster on loopback)
 * @param listenPort the member port
 * @param advertiseHost the address peers reach this member at; empty to use the bind address
 * @param advertisePort the port peers reach this member at (the listen port unless a proxy or NAT
 *     forwards another one); used only with {@code advertiseHost}
 * @param peers {@code HOST:PORT} of the members to join (may include this one)
 * @param name members of another cluster name are ignored
 * @param backupCount synchronous backups of every group
 * @param minMembers writes are refused (503) while fewer members are visible
 * @param memberTimeout a member silent for this long is considered dead
 * @param configFile a complete Hazelcast configuration to start from, or null
 */
public record ClusterOptions(
        String listenHost,
        int listenPort,
        String advertiseHost,
        int advertisePort,
        List<String> peers,
        String name,
        int backupCount,
        int minMembers,
        Duration memberTimeout,
        String configFile) {

    public boolean clustered() {
        return !listenHost.isEmpty() || configFile != null;
    }

    /**
     * The members the flags name, this one included; the quorum when a config file names them. A
     * starting cluster waits a while for all of them before it restores a snapshot.
     */
    public int expectedMembers() {
        if (!clustered()) {
            return 1;
        }
        if (peers.isEmpty()) {
            return minMembers;
        }
        java.util.Set<String> everyone = new java.util.HashSet<>(peers);
        everyone.add(advertised().toString());
        return Math.max(minMembers, everyone.size());
    }

    /** The address peers reach this member at: the advertised one, else the listen address. */
    public MemberAddress advertised() {
        return advertiseHost.isEmpty()
                ? new MemberAddress(listenHost, listenPort)
                : new MemberAddress(advertiseHost, advertisePort);
    }

    public static ClusterOptions standalone(String name) {
        return new ClusterOptions("", 0, "", 0, List.of(), name, 1, 1, Duration.ofSeconds(10), null);
    }
}
