package io.pushgateway.cluster.it.realworld;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pushgateway.cluster.it.cluster.ClusterProcess;
import io.pushgateway.cluster.it.cluster.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private network for a cluster that can be partitioned: every node in a network namespace of
 * its own, its {@code eth0} a veth pair whose other end is a port of a bridge in a "switch"
 * namespace. Taking a port down cuts that node off from the others, as a failed switch port or
 * cable would: its packets vanish, nothing is refused, and the members only notice by their
 * heartbeats going silent.
 *
 * <p>The test reaches each node's HTTP server over a second veth pair straight from the root
 * namespace (a /30 of its own per node), which a cut leaves alone. Member addresses are in
 * 198.18.0.0/24 and exist only inside the namespaces; control addresses are in a /24 of
 * 198.19.0.0/16 not in use here (both: RFC 2544 benchmarking space). Everything is deleted in
 * {@link #close()}, and by a shutdown hook if the test JVM exits first.
 *
 * <p>Needs root and {@code ip} (iproute2); skips the test with a message where either is missing
 * or namespaces cannot be created (a container without CAP_NET_ADMIN).
 */
final class SwitchedNetwork implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    /** Namespaces and root links not yet deleted, for the shutdown hook. */
    private static final Set<String> LEFTOVER_NAMESPACES = ConcurrentHashMap.newKeySet();

    private static final Set<String> LEFTOVER_LINKS = ConcurrentHashMap.newKeySet();
    private static volatile Path ipCommand;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SwitchedNetwork::deleteLeftovers, "delete-test-namespaces"));
    }

    private final Path ip;
    private final String switchNamespace;
    private final List<String> nodeNamespaces = new ArrayList<>();
    private final List<String> controlLinks = new ArrayList<>();
    private final int controlSubnet;
    private final int size;

    private SwitchedNetwork(Path ip, String id, int size, int controlSubnet) {
        this.ip = ip;
        this.switchNamespace = "pgc-" + id + "-switch";
        this.size = size;
        this.controlSubnet = controlSubnet;
        for (int i = 0; i < size; i++) {
            nodeNamespaces.add("pgc-" + id + "-node" + i);
            controlLinks.add("pgc" + id + "c" + i);
        }
    }

    /** Builds the network for {@code size} nodes, or skips the test if this machine cannot. */
    static SwitchedNetwork create(int size) {
        assumeTrue(
                isRoot(),
                "network namespaces need root; this test runs as uid " + uid()
                        + " (run the integration tests as root, e.g. in CI, to prove guarantee 5)");
        Path ip =
                InstalledTool.require("ip", "it.ip", "iproute2", "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");
        ipCommand = ip;
        String id = UUID.randomUUID().toString().substring(0, 6);
        SwitchedNetwork network = new SwitchedNetwork(ip, id, size, freeControlSubnet(ip));
        try {
            network.build();
            return network;
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }

    private void build() {
        // The first namespace and the first veth and bridge show whether this machine can do it at all.
        Result probe = run(ip.toString(), "netns", "add", switchNamespace);
        assumeTrue(
                probe.ok(),
                () -> "`ip netns add` does not work here (" + probe.output().strip()
                        + "); the partition test needs root with CAP_NET_ADMIN");
        LEFTOVER_NAMESPACES.add(switchNamespace);
        Result exec = run(ip.toString(), "netns", "exec", switchNamespace, "true");
        assumeTrue(
                exec.ok(),
                () -> "`ip netns exec` does not work here (" + exec.output().strip()
                        + "); the partition test needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN");
        Result bridge = run(ip.toString(), "-n", switchNamespace, "link", "add", "br0", "type", "bridge");
        assumeTrue(
                bridge.ok(),
                () -> "cannot create a bridge in a namespace ("
                        + bridge.output().strip() + ")");
        ipIn(switchNamespace, "link", "set", "br0", "up");
        for (int i = 0; i < size; i++) {
            String namespace = nodeNamespaces.get(i);
            must(ip.toString(), "netns", "add", namespace);
            LEFTOVER_NAMESPACES.add(namespace);
            ipIn(namespace, "link", "set", "lo", "up");
            // The cluster network: eth0 in the node, port<i> on the switch's bridge.
            Result veth = run(
                    ip.toString(),
                    "-n",
                    switchNamespace,
                    "link",
                    "add",
                    port(i),
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "eth0",
                    "netns",
                    namespace);
            assumeTrue(
                    veth.ok(),
                    () -> "cannot create a veth pair between namespaces ("
                            + veth.output().strip() + ")");
            ipIn(switchNamespace, "link", "set", port(i), "master", "br0");
            ipIn(switchNamespace, "link", "set", port(i), "up");
            ipIn(namespace, "addr", "add", memberAddress(i) + "/24", "dev", "eth0");
            ipIn(namespace, "link", "set", "eth0", "up");
            // The test's own way in, untouched by a partition.
            must(
                    ip.toString(),
                    "link",
                    "add",
                    controlLinks.get(i),
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "ctl0",
                    "netns",
                    namespace);
            LEFTOVER_LINKS.add(controlLinks.get(i));
            must(ip.toString(), "addr", "add", controlRootAddress(i) + "/30", "dev", controlLinks.get(i));
            must(ip.toString(), "link", "set", controlLinks.get(i), "up");
            ipIn(namespace, "addr", "add", controlAddress(i) + "/30", "dev", "ctl0");
            ipIn(namespace, "link", "set", "ctl0", "up");
            Http.allowNamespaceHost(controlAddress(i));
        }
        System.out.printf(
                "[network] namespaces %s joined by bridge br0 in %s; members on %s..%s, HTTP via %s.0/24%n",
                nodeNamespaces, switchNamespace, memberAddress(0), memberAddress(size - 1), controlPrefix());
    }

    /** Where the nodes of a {@link ClusterProcess} run: each in its namespace, reached over its control link. */
    ClusterProcess.Placement placement() {
        return new ClusterProcess.Placement() {
            @Override
            public List<String> commandPrefix(int index) {
                return List.of(ip.toString(), "netns", "exec", nodeNamespaces.get(index));
            }

            @Override
            public String httpHost(int index) {
                return controlAddress(index);
            }

            @Override
            public String memberHost(int index) {
                return memberAddress(index);
            }
        };
    }

    /** Cuts node {@code index} off from the others: its switch port goes down. */
    void cut(int index) {
        ipIn(switchNamespace, "link", "set", port(index), "down");
        System.out.printf("[network] cut node %d off: %s down in %s%n", index, port(index), switchNamespace);
    }

    /** Connects node {@code index} again. */
    void heal(int index) {
        ipIn(switchNamespace, "link", "set", port(index), "up");
        System.out.printf("[network] healed: %s up again in %s%n", port(index), switchNamespace);
    }

    static String memberAddress(int index) {
        return "198.18.0." + (index + 1);
    }

    String controlAddress(int index) {
        return controlPrefix() + "." + (4 * index + 2);
    }

    private String controlRootAddress(int index) {
        return controlPrefix() + "." + (4 * index + 1);
    }

    private String controlPrefix() {
        return "198.19." + controlSubnet;
    }

    private static String port(int index) {
        return "port" + index;
    }

    /** Deletes every namespace and link this network made; safe to call more than once. */
    @Override
    public void close() {
        for (int i = 0; i < size; i++) {
            Http.forgetNamespaceHost(controlAddress(i));
        }
        for (String link : controlLinks) {
            if (LEFTOVER_LINKS.remove(link)) {
                run(ip.toString(), "link", "del", link);
            }
        }
        List<String> namespaces = new ArrayList<>(nodeNamespaces);
        namespaces.add(switchNamespace);
        for (String namespace : namespaces) {
            if (LEFTOVER_NAMESPACES.remove(namespace)) {
                Result deleted = run(ip.toString(), "netns", "del", namespace);
                if (!deleted.ok()) {
                    System.out.println("[network] could not delete namespace " + namespace + ": "
                            + deleted.output().strip());
                }
            }
        }
    }

    private static void deleteLeftovers() {
        Path ip = ipCommand;
        if (ip == null) {
            return;
        }
        LEFTOVER_LINKS.forEach(link -> run(ip.toString(), "link", "del", link));
        LEFTOVER_NAMESPACES.forEach(namespace -> run(ip.toString(), "netns", "del", namespace));
    }

    /** A /24 of 198.19.0.0/16 that no address of this machine is in. */
    private static int freeControlSubnet(Path ip) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int subnet = ThreadLocalRandom.current().nextInt(1, 255);
            Result used = run(ip.toString(), "-o", "-4", "addr", "show", "to", "198.19." + subnet + ".0/24");
            if (used.ok() && used.output().isBlank()) {
                return subnet;
            }
        }
        throw new AssertionError("no free /24 in 198.19.0.0/16 for the control links");
    }

    private void ipIn(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of(ip.toString(), "-n", namespace));
        command.addAll(List.of(args));
        must(command.toArray(String[]::new));
    }

    private static void must(String... command) {
        Result result = run(command);
        if (!result.ok()) {
            throw new AssertionError("`" + String.join(" ", command) + "` failed: "
                    + result.output().strip());
        }
    }

    private record Result(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }
    }

    private static Result run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + COMMAND_TIMEOUT);
            }
            return new Result(
                    process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static boolean isRoot() {
        return "0".equals(uid());
    }

    private static String uid() {
        Result id = run("id", "-u");
        return id.ok() ? id.output().strip() : "unknown (" + id.output().strip() + ")";
    }
}
