package io.pushgateway.cluster.it.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compose node's command moved onto 127.0.0.1: service names become 127.0.0.1 and each node's
 * container ports become free ports of its own, because three processes on one machine cannot all
 * listen on 9091 and 5701. Every other flag is kept exactly as compose.yaml writes it.
 */
final class LoopbackCommand {

    /** Where one node listens on 127.0.0.1. */
    record Ports(int http, int member) {}

    private LoopbackCommand() {}

    /**
     * The flags of {@code self}, a service of {@code ports}, with its addresses rewritten; fails on
     * a flag naming a service that is not a node, which compose could not resolve either.
     */
    static List<String> of(List<String> composeArgs, String self, Map<String, Ports> ports) {
        List<String> args = new ArrayList<>();
        boolean webAddressGiven = false;
        for (String arg : composeArgs) {
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? "" : arg.substring(equals + 1);
            switch (flag) {
                case "--web.listen-address" -> {
                    webAddressGiven = true;
                    args.add(flag + "=127.0.0.1:" + ports.get(self).http());
                }
                case "--cluster.listen-address" ->
                    args.add(flag + "=127.0.0.1:" + ports.get(self).member());
                case "--cluster.advertise-address" -> {
                    if (!value.equals(self)) {
                        throw new AssertionError(self + " advertises another name: " + arg);
                    }
                    args.add(flag + "=127.0.0.1");
                }
                case "--cluster.peer" ->
                    args.add(flag + "=127.0.0.1:"
                            + portsOf(value.substring(0, value.lastIndexOf(':')), ports)
                                    .member());
                default -> args.add(arg);
            }
        }
        if (!webAddressGiven) {
            args.add("--web.listen-address=127.0.0.1:" + ports.get(self).http());
        }
        return args;
    }

    private static Ports portsOf(String service, Map<String, Ports> ports) {
        Ports found = ports.get(service);
        if (found == null) {
            throw new AssertionError("peer " + service + " is not a node service of compose.yaml: " + ports.keySet());
        }
        return found;
    }
}
