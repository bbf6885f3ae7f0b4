package io.pushgateway.cluster.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A cluster of node processes on 127.0.0.1, started the way the README starts one: every node gets
 * the same peer list, its own address included, a cluster name unique to this run, and short
 * failure-detection and reconciliation intervals. Starts, kills, stops and restarts nodes and
 * waits for readiness and membership, always with a deadline.
 */
public final class ClusterProcess implements AutoCloseable {

    public static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(5);
    /** Three JVMs with embedded Hazelcast starting at once on two cores. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    public static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final String name;
    private final Path logDir;
    private final List<ClusterNode> nodes;
    private final Http http = new Http();

    private ClusterProcess(String name, Path logDir, List<ClusterNode> nodes) {
        this.name = name;
        this.logDir = logDir;
        this.nodes = nodes;
    }

    /**
     * Starts {@code size} nodes with the standard cluster flags plus {@code extraFlags}, and waits
     * until every node is ready and sees all members.
     */
    public static ClusterProcess start(String testName, int size, List<String> extraFlags) {
        return start(testName, size, extraFlags, Placement.LOOPBACK);
    }

    /**
     * Where each node runs and where the test reaches it. The default runs every node on 127.0.0.1
     * in the test's own network namespace; a partition test puts each node in a namespace of its own.
     */
    public interface Placement {

        /** Every node on 127.0.0.1, started as a plain {@code java} command. */
        Placement LOOPBACK = new Placement() {
            @Override
            public List<String> commandPrefix(int index) {
                return List.of();
            }

            @Override
            public String httpHost(int index) {
                return "127.0.0.1";
            }

            @Override
            public String memberHost(int index) {
                return "127.0.0.1";
            }
        };

        /** Words put before the {@code java} command, e.g. {@code ip netns exec NAME}. */
        List<String> commandPrefix(int index);

        /** Address node {@code index}'s HTTP server listens on, and the test reaches it at. */
        String httpHost(int index);

        /** Address node {@code index}'s cluster member listens on and its peers reach it at. */
        String memberHost(int index);
    }

    /** As {@link #start(String, int, List)}, with the nodes placed by {@code placement}. */
    public static ClusterProcess start(String testName, int size, List<String> extraFlags, Placement placement) {
        return start(testName, size, extraFlags, placement, index -> List.of());
    }

    /**
     * As {@link #start(String, int, List)}, and node {@code i} also gets {@code nodeFlags.apply(i)}:
     * flags that differ between nodes, such as a data file of its own.
     */
    public static ClusterProcess start(
            String testName, int size, List<String> extraFlags, IntFunction<List<String>> nodeFlags) {
        return start(testName, size, extraFlags, Placement.LOOPBACK, nodeFlags);
    }

    private static ClusterProcess start(
            String testName,
            int size,
            List<String> extraFlags,
            Placement placement,
            IntFunction<List<String>> nodeFlags) {
        return startRetryingOnPortClash(() -> create(testName, size, extraFlags, placement, nodeFlags));
    }

    /**
     * How one node on 127.0.0.1 is started when the test writes its whole command line: the flags
     * after {@code java -jar}, and environment variables on top of the test JVM's own.
     */
    public record Launch(int httpPort, int memberPort, List<String> flags, Map<String, String> environment) {}

    /** Writes every node's launch, given the cluster's unique name, a directory for its files and free ports. */
    public interface LaunchPlan {
        List<Launch> launches(String clusterName, Path dir, List<Integer> httpPorts, List<Integer> memberPorts);
    }

    /**
     * Starts {@code size} nodes exactly as {@code plan} says, with none of the standard flags or JVM
     * options, and waits until every node is ready and sees all members.
     */
    public static ClusterProcess start(String testName, int size, LaunchPlan plan) {
        return startRetryingOnPortClash(() -> create(testName, size, plan));
    }

    private static ClusterProcess startRetryingOnPortClash(Supplier<ClusterProcess> create) {
        for (int attempt = 1; ; attempt++) {
            ClusterProcess cluster = create.get();
            try {
                cluster.startAll();
                return cluster;
            } catch (AssertionError e) {
                cluster.close();
                // A port picked as free was taken before the node bound it: retry once on new ports.
                boolean exitedEarly = cluster.nodes.stream().anyMatch(n -> n.exitCode() != null);
                if (!exitedEarly || attempt == 2) {
                    throw e;
                }
                System.out.println("[cluster] a node exited while starting; retrying on new ports: " + e.getMessage());
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
    }

    private static ClusterProcess create(
            String testName,
            int size,
            List<String> extraFlags,
            Placement placement,
            IntFunction<List<String>> nodeFlags) {
        String name = "it-" + testName + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path logDir = workDir().resolve("cluster").resolve(name);
        List<Integer> ports = LoopbackPorts.pick(2 * size);
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            peers.add("--cluster.peer=" + placement.memberHost(i) + ":" + ports.get(size + i));
        }
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int httpPort = ports.get(i);
            int memberPort = ports.get(size + i);
            List<String> command = new ArrayList<>(placement.commandPrefix(i));
            command.addAll(javaCommand());
            command.add("--web.listen-address=" + placement.httpHost(i) + ":" + httpPort);
            command.add("--cluster.listen-address=" + placement.memberHost(i) + ":" + memberPort);
            command.addAll(peers);
            command.add("--cluster.name=" + name);
            command.add("--cluster.member-timeout=" + MEMBER_TIMEOUT.toSeconds() + "s");
            command.add("--cluster.reconcile-interval=" + RECONCILE_INTERVAL.toSeconds() + "s");
            command.addAll(extraFlags);
            command.addAll(nodeFlags.apply(i));
            nodes.add(new ClusterNode(i, placement.httpHost(i), httpPort, memberPort, command, logDir));
        }
        return new ClusterProcess(name, logDir, nodes);
    }

    private static ClusterProcess create(String testName, int size, LaunchPlan plan) {
        String name = "it-" + testName + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path logDir = workDir().resolve("cluster").resolve(name);
        List<Integer> ports = LoopbackPorts.pick(2 * size);
        List<Launch> launches = plan.launches(name, logDir, ports.subList(0, size), ports.subList(size, 2 * size));
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Launch launch = launches.get(i);
            List<String> command =
                    new ArrayList<>(List.of(javaBinary(), "-jar", NodeJar.path().toString()));
            command.addAll(launch.flags());
            nodes.add(new ClusterNode(
                    i, "127.0.0.1", launch.httpPort(), launch.memberPort(), command, launch.environment(), logDir));
        }
        return new ClusterProcess(name, logDir, nodes);
    }

    private void startAll() {
        System.out.println("[cluster] " + name + ": starting " + nodes.size() + " nodes; logs in " + logDir);
        long start = System.nanoTime();
        nodes.forEach(ClusterNode::start);
        for (ClusterNode node : nodes) {
            awaitReady(node.index(), START_TIMEOUT);
        }
        awaitMembers(nodes.size(), START_TIMEOUT);
        System.out.printf(
                "[cluster] %s: %d nodes ready with %d members after %.1f s%n",
                name, nodes.size(), nodes.size(), (System.nanoTime() - start) / 1e9);
    }

    private static List<String> javaCommand() {
        return List.of(
                javaBinary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dhazelcast.phone.home.enabled=false",
                "-jar",
                NodeJar.path().toString());
    }

    private static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path workDir() {
        return Paths.get(System.getProperty("it.work.dir", "target/it-work")).toAbsolutePath();
    }

    public int size() {
        return nodes.size();
    }

    public ClusterNode node(int index) {
        return nodes.get(index);
    }

    public List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Nodes whose process is running. */
    public List<ClusterNode> liveNodes() {
        return nodes.stream().filter(ClusterNode::isAlive).toList();
    }

    /** {@code kill -9} of one node. */
    public void kill(int index) {
        System.out.println("[cluster] kill -9 " + node(index));
        node(index).kill();
    }

    /** SIGTERM, wait for exit; fails if the node needed to be killed. */
    public void stop(int index) {
        long start = System.nanoTime();
        boolean clean = node(index).stop(STOP_GRACE);
        System.out.printf(
                "[cluster] stopped %s in %.1f s (exit code %s)%n",
                node(index), (System.nanoTime() - start) / 1e9, node(index).exitCode());
        if (!clean) {
            throw new AssertionError(node(index) + " did not exit within " + STOP_GRACE + " of SIGTERM and was killed; "
                    + node(index).logTail(40));
        }
    }

    /** Starts a stopped node again with the same ports and flags; does not wait. */
    public void startAgain(int index) {
        System.out.println("[cluster] starting " + node(index) + " again");
        node(index).start();
    }

    /** Waits for {@code /-/ready} to answer 200; fails early if the process exits. */
    public void awaitReady(int index, Duration timeout) {
        ClusterNode node = node(index);
        await(node + " ready")
                .atMost(timeout)
                .until(
                        () -> {
                            if (!node.isAlive()) {
                                throw new AssertionError(node + " exited with code " + node.exitCode()
                                        + " before it was ready; " + node.logTail(60));
                            }
                            Http.Reply reply = http.get(node.uri("/-/ready"));
                            return reply.status() == 200 ? null : "last answer " + reply;
                        },
                        nullValue());
    }

    /** Waits until every live node reports {@code expected} members in {@code /api/v1/status}. */
    public void awaitMembers(int expected, Duration timeout) {
        try {
            await(expected + " members seen by every live node")
                    .atMost(timeout)
                    .until(
                            () -> {
                                for (ClusterNode node : liveNodes()) {
                                    int members = members(node);
                                    if (members != expected) {
                                        return node + " sees " + members + " members";
                                    }
                                }
                                return null;
                            },
                            nullValue());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + logTails(30), e);
        }
    }

    /** Members as the node reports them, or -1 if it does not answer. */
    public int members(ClusterNode node) {
        Http.Reply reply = http.get(node.uri("/api/v1/status"));
        if (reply.status() != 200) {
            return -1;
        }
        Object members = MiniJson.path(MiniJson.parse(reply.body()), "data", "cluster", "members");
        return members instanceof List<?> list ? list.size() : -1;
    }

    /**
     * The index of the oldest member (Hazelcast's master, listed first by every member), as
     * {@code node} reports it.
     */
    public int oldestMember(ClusterNode node) {
        Http.Reply reply = http.get(node.uri("/api/v1/status"));
        Object members = MiniJson.path(MiniJson.parse(reply.body()), "data", "cluster", "members");
        if (!(members instanceof List<?> list)
                || list.isEmpty()
                || !(MiniJson.path(list.get(0), "address") instanceof String address)) {
            throw new AssertionError(node + " status has no member list: " + reply);
        }
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return nodes.stream()
                .filter(n -> n.memberPort() == port)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node has member address " + address))
                .index();
    }

    /** The recent log of every node, for failure messages. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (ClusterNode node : nodes) {
            out.append("\n--- ").append(node).append(": ").append(node.logTail(lines));
        }
        return out.toString();
    }

    /** Kills every node still running; safe to call more than once. */
    @Override
    public void close() {
        for (ClusterNode node : nodes) {
            node.kill();
        }
    }
}
