package io.pushgateway.cluster.it;

import java.util.List;

/**
 * Starts the two sides of a comparison. "Reference" is always the Go Pushgateway; "ours" is the
 * node unless {@code -Dit.ours=go} is given, which runs a second Go Pushgateway instead (only
 * useful for debugging the harness itself: every differential case must then pass).
 */
final class Gateways {

    private Gateways() {}

    static Gateway reference(GatewayFlags flags) {
        return GoPushgatewayProcess.start("go-reference", flags.routePrefix(), flags.args());
    }

    static Gateway ours(GatewayFlags flags) {
        String ours = System.getProperty("it.ours", "node");
        switch (ours) {
            case "node":
                return NodeProcess.start(flags.routePrefix(), flags.args());
            case "go":
                return GoPushgatewayProcess.start("go-as-ours", flags.routePrefix(), flags.args());
            default:
                throw new IllegalArgumentException("it.ours must be 'node' or 'go', not '" + ours + "'");
        }
    }

    /** Flags both gateways understand, plus the route prefix they imply (for readiness/scrapes). */
    record GatewayFlags(List<String> args, String routePrefix) {

        static final GatewayFlags DEFAULT = new GatewayFlags(List.of(), "");

        static GatewayFlags of(String... args) {
            String prefix = "";
            for (String arg : args) {
                if (arg.startsWith("--web.route-prefix=")) {
                    prefix = arg.substring("--web.route-prefix=".length());
                }
            }
            return new GatewayFlags(List.of(args), prefix);
        }
    }
}
