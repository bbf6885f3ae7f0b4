package io.pushgateway.cluster.http;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.pushgateway.cluster.store.LocalReplica;
import io.pushgateway.cluster.store.Reconciler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What this node can tell about the cluster: members, its replica, its repairs. */
public final class ClusterView {
    private final HazelcastInstance hazelcast;
    private final LocalReplica replica;
    private final Reconciler reconciler;
    private final long startNanos;

    public ClusterView(HazelcastInstance hazelcast, LocalReplica replica, Reconciler reconciler, long startNanos) {
        this.hazelcast = hazelcast;
        this.replica = replica;
        this.reconciler = reconciler;
        this.startNanos = startNanos;
    }

    int members() {
        return hazelcast.getCluster().getMembers().size();
    }

    int replicaGroups() {
        return replica.size();
    }

    double replicaLagSeconds() {
        return replica.lastEventLagNanos() / 1e9;
    }

    long expiredGroups() {
        return replica.expiredGroups();
    }

    long repairs() {
        return reconciler.repairs();
    }

    long startNanos() {
        return startNanos;
    }

    JsonObject toJson() {
        JsonArray members = new JsonArray();
        for (Member member : hazelcast.getCluster().getMembers()) {
            members.add(new JsonObject()
                    .put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
                    .put("uuid", member.getUuid().toString())
                    .put("self", member.localMember()));
        }
        return new JsonObject()
                .put("name", hazelcast.getConfig().getClusterName())
                .put("members", members)
                .put("replica_groups", replica.size())
                .put("replica_lag_seconds", replicaLagSeconds())
                .put("replica_repairs", reconciler.repairs());
    }
}
