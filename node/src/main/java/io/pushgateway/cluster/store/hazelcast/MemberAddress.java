package io.pushgateway.cluster.store.hazelcast;

/**
 * The {@code HOST:PORT} at which other members reach a cluster member, as
 * {@code --cluster.advertise-address} gives it: {@code HOST} or {@code HOST:PORT}, an IPv6 address
 * in brackets ({@code [::1]} or {@code [::1]:5701}), as Alertmanager's flag of the same name takes it.
 *
 * @param host a name or an IP address; IPv6 with or without brackets, kept without
 * @param port the member port, 1 to 65535
 */
public record MemberAddress(String host, int port) {
    /** The form {@link #parse} accepts, for messages. */
    public static final String FORM = "HOST or HOST:PORT, IPv6 as [::1]:5701";

    public MemberAddress {
        // --cluster.listen-address gives IPv6 hosts in brackets; one spelling compares equal to the peers'.
        if (host.length() > 1 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code HOST}, {@code HOST:PORT}, {@code [IPv6]} or {@code [IPv6]:PORT}; without a port,
     * {@code defaultPort}. An IPv6 address without brackets is refused: whether its last group is a
     * port cannot be told.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static MemberAddress parse(String text, int defaultPort) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("no closing bracket");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected text after the bracket: " + rest);
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = text.indexOf(':');
            if (colon != text.lastIndexOf(':')) {
                throw new IllegalArgumentException("an IPv6 address must be in brackets");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("whitespace in the host");
        }
        if (port == null) {
            return new MemberAddress(host, defaultPort);
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("port is not a number: \"" + port + "\"");
        }
        return new MemberAddress(host, Integer.parseInt(port));
    }

    /** {@code HOST:PORT}, an IPv6 host in brackets: the form Hazelcast and the peer lists take. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
