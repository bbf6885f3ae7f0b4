package io.pushgateway.cluster.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a currently free TCP port on 127.0.0.1 for a child process to listen on. */
final class FreePort {

    private FreePort() {}

    /**
     * Returns a port that was free a moment ago. Another process may take it before the child
     * binds it; callers retry the start with a new port when the child exits early.
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
        }
    }
}
