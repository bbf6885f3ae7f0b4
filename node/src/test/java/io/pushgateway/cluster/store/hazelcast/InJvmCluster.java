package io.pushgateway.cluster.store.hazelcast;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigAccessor;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.cluster.impl.ClusterServiceImpl;
import com.hazelcast.internal.cluster.impl.TcpIpJoiner;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Several Hazelcast members in this JVM on loopback, each with the store, replica and scrape cache a
 * node builds on it: what a push answers, and what each member's /metrics shows, without processes,
 * root or network namespaces.
 */
public final class InJvmCluster implements AutoCloseable {
    /** Starting and joining members on a busy machine takes a while; this is a deadline, not a wait. */
    public static final Duration SETTLE = Duration.ofSeconds(60);

    /** One member: its Hazelcast instance and the node's parts on it. */
    public record Member(
            HazelcastInstance hazelcast, LocalReplica replica, ExpositionCache scrape, HazelcastGroupStore store) {

        /** Pushes {@code families} to {@code key} through this member and waits for the answer. */
        public PushOutcome push(GroupKey key, boolean replace, Map<String, Metrics.MetricFamily> families)
                throws Exception {
            return push(key, replace, families, 0);
        }

        /** A push whose group lives {@code ttlMillis} without another push (0: for ever). */
        public PushOutcome push(
                GroupKey key, boolean replace, Map<String, Metrics.MetricFamily> families, long ttlMillis)
                throws Exception {
            return store.push(new Push(key, replace, families, UnixTime.nowNanos(), ttlMillis))
                    .toCompletableFuture()
                    .get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        }

        /** One round of what a node's timers run on the store: expiry by deadline, then reconciliation. */
        public void maintain() {
            replica.expireDue();
            store.reconcile();
        }

        public void delete(GroupKey key) throws Exception {
            store.delete(key).toCompletableFuture().get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        }

        /** The body of this member's /metrics in the text format. */
        public String scrapeText() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            scrape.writeText(out, Map.of());
            return out.toString(StandardCharsets.UTF_8);
        }

        /** The ids of the groups this member serves, sorted. */
        public TreeSet<String> groupIds() {
            TreeSet<String> ids = new TreeSet<>();
            replica.groups().forEach(group -> ids.add(group.key().id()));
            return ids;
        }

        public int clusterSize() {
            return hazelcast.getCluster().getMembers().size();
        }

        @Override
        public String toString() {
            return hazelcast.getName();
        }
    }

    private final String name = "in-jvm-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final int backupCount;
    private final int minMembers;
    private final List<Member> members = new ArrayList<>();

    private InJvmCluster(int size, int backupCount, int minMembers) {
        this.backupCount = backupCount;
        this.minMembers = minMembers;
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
    }

    /** {@code size} members joined into one cluster, with the checked store on each. */
    public static InJvmCluster start(int size, int backupCount, int minMembers) {
        return start(size, backupCount, minMembers, config -> {});
    }

    /** {@code size} members joined into one cluster, each configured by {@code tune} before it starts. */
    public static InJvmCluster start(int size, int backupCount, int minMembers, Consumer<Config> tune) {
        InJvmCluster cluster = new InJvmCluster(size, backupCount, minMembers);
        try {
            for (int i = 0; i < size; i++) {
                cluster.startMember(i, tune);
            }
            cluster.awaitSize(size);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** A cluster whose members are started one by one by the test, each with its own configuration. */
    public static InJvmCluster planned(int size, int backupCount, int minMembers) {
        return new InJvmCluster(size, backupCount, minMembers);
    }

    /**
     * Starts the member at {@code index} of the planned addresses, letting {@code tune} change its
     * configuration first; it joins whichever of the others are running.
     */
    public Member startMember(int index, Consumer<Config> tune) {
        List<String> peers = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        Config config;
        try {
            config = HazelcastSetup.clustered(new ClusterOptions(
                    "127.0.0.1",
                    ports.get(index),
                    "",
                    0,
                    peers,
                    name,
                    backupCount,
                    minMembers,
                    Duration.ofSeconds(5),
                    null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.setInstanceName(name + "-" + index);
        tune.accept(config);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        LocalReplica replica = new LocalReplica();
        ExpositionCache scrape = new ExpositionCache();
        replica.addListener(scrape);
        HazelcastGroupStore store =
                new HazelcastGroupStore(hazelcast, replica, OwnFamilies.NONE, true, NameValidation.CLASSIC);
        Member member = new Member(hazelcast, replica, scrape, store);
        members.add(member);
        return member;
    }

    public Member member(int index) {
        return members.get(index);
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** Waits until every running member sees {@code size} members and no partition is moving. */
    public void awaitSize(int size) {
        List<Member> running = members.stream()
                .filter(m -> m.hazelcast().getLifecycleService().isRunning())
                .toList();
        await().alias("every member seeing " + size + " members, partitions in place")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> running.stream()
                        .allMatch(m -> m.clusterSize() == size
                                && m.hazelcast().getPartitionService().isClusterSafe()));
    }

    /**
     * Cuts {@code isolated} off from every other member, as a network partition would: each side
     * declares the other dead and goes on as a cluster of its own. Neither side looks for the other
     * until {@link #heal}: the addresses they would find each other by are taken out of their join
     * configuration, which Hazelcast's split-brain handler reads on each of its runs.
     */
    public void isolate(Member isolated) {
        String cutAddress = "127.0.0.1:" + ports.get(members.indexOf(isolated));
        for (Member member : members) {
            List<String> reachable = member == isolated
                    ? List.of(cutAddress)
                    : ports.stream()
                            .map(port -> "127.0.0.1:" + port)
                            .filter(a -> !a.equals(cutAddress))
                            .toList();
            tcpIp(member).setMembers(new ArrayList<>(reachable));
        }
        Node cut = node(isolated.hazelcast());
        for (Member other : members) {
            if (other != isolated) {
                Node node = node(other.hazelcast());
                suspect(node, cut);
                suspect(cut, node);
            }
        }
        forgetFormerMembers();
        await().alias(isolated + " alone, the others together")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        members.stream().allMatch(m -> m.clusterSize() == (m == isolated ? 1 : members.size() - 1)));
        forgetFormerMembers();
    }

    /** Lets the sides of {@link #isolate} find each other again: the smaller merges into the larger. */
    public void heal() {
        List<String> everyone = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        for (Member member : members) {
            tcpIp(member).setMembers(new ArrayList<>(everyone));
        }
        awaitSize(members.size());
    }

    /** The addresses of members that left, which the joiner keeps trying besides its configuration. */
    private void forgetFormerMembers() {
        for (Member member : members) {
            ((TcpIpJoiner) node(member.hazelcast()).getJoiner())
                    .getKnownMemberAddresses()
                    .clear();
        }
    }

    private static TcpIpConfig tcpIp(Member member) {
        return ConfigAccessor.getActiveMemberNetworkConfig(
                        node(member.hazelcast()).getConfig())
                .getJoin()
                .getTcpIpConfig();
    }

    private static void suspect(Node suspecting, Node suspected) {
        ClusterServiceImpl clusterService = suspecting.getClusterService();
        com.hazelcast.cluster.Member member = clusterService.getMember(suspected.getThisAddress());
        if (member != null) {
            clusterService.suspectMember(member, "cut off by the test", true);
        }
    }

    private static Node node(HazelcastInstance hazelcast) {
        return ((HazelcastInstanceProxy) hazelcast).getOriginal().node;
    }

    @Override
    public void close() {
        for (Member member : members) {
            member.store().close();
        }
        for (Member member : members) {
            member.hazelcast().getLifecycleService().terminate();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
