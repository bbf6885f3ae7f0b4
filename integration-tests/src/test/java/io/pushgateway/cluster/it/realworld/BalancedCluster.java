package io.pushgateway.cluster.it.realworld;

import io.pushgateway.cluster.it.cluster.ClusterProcess;
import java.util.List;

/**
 * Three nodes behind nginx with clients pushing through it: the set-up of the load-balanced failure
 * tests. Closing stops the traffic, then nginx, then the nodes, whatever got started.
 */
final class BalancedCluster implements AutoCloseable {
    final ClusterProcess cluster;
    final NginxLoadBalancer nginx;
    final TrafficThroughBalancer traffic;

    private BalancedCluster(ClusterProcess cluster, NginxLoadBalancer nginx, TrafficThroughBalancer traffic) {
        this.cluster = cluster;
        this.nginx = nginx;
        this.traffic = traffic;
    }

    /** Skips the test without nginx; starts everything and waits until the clients have had {@code warmUpAcks} pushes acknowledged. */
    static BalancedCluster start(String name, int warmUpAcks) {
        NginxLoadBalancer.executable();
        ClusterProcess cluster = ClusterProcess.start(name, 3, List.of());
        NginxLoadBalancer nginx = null;
        TrafficThroughBalancer traffic = null;
        try {
            nginx = NginxLoadBalancer.start(name, cluster.nodes());
            traffic = new TrafficThroughBalancer(name, nginx);
            traffic.start();
            traffic.awaitMoreAcks(warmUpAcks);
            return new BalancedCluster(cluster, nginx, traffic);
        } catch (RuntimeException | Error e) {
            new BalancedCluster(cluster, nginx, traffic).close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (traffic != null) {
            traffic.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        cluster.close();
    }
}
