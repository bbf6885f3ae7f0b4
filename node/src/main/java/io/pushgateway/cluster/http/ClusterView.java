package io.pushgateway.cluster.http;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.pushgateway.cluster.memory.HeapSizing;
import io.pushgateway.cluster.memory.InflightBytes;
import io.pushgateway.cluster.memory.SeriesBudget;
import io.pushgateway.cluster.store.LocalReplica;
import io.pushgateway.cluster.store.Reconciler;
import io.pushgateway.cluster.store.UnixTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What this node can tell about the cluster: members, its replica, its repairs, and what the other
 * members last published about theirs on the {@link MemberStatusBoard}.
 */
public final class ClusterView {
    private final HazelcastInstance hazelcast;
    private final LocalReplica replica;
    private final Reconciler reconciler;
    private final MemberStatusBoard board;
    private final long startNanos;
    private final SeriesBudget budget;
    private final InflightBytes inflight;

    public ClusterView(HazelcastInstance hazelcast, LocalReplica replica, Reconciler reconciler,
            MemberStatusBoard board, long startNanos, SeriesBudget budget, InflightBytes inflight) {
        this.budget = budget;
        this.inflight = inflight;
        this.hazelcast = hazelcast;
        this.replica = replica;
        this.reconciler = reconciler;
        this.board = board;
        this.startNanos = startNanos;
    }

    /**
     * Publishes this member's status for the others, then takes the smallest maximum heap of all
     * members into the series budget; may wait for the network.
     */
    public void publishOwnStatus() {
        board.publish(hazelcast.getCluster().getLocalMember().getUuid(), ownStatus());
        budget.smallestMemberHeap(smallestMaxHeap());
    }

    /** The smallest maximum heap among the members that published one, this member's included. */
    long smallestMaxHeap() {
        long smallest = HeapSizing.ownMaxHeap();
        for (Member member : hazelcast.getCluster().getMembers()) {
            JsonObject status = member.localMember() ? null : board.read(member.getUuid());
            Long heap = status == null ? null : status.getLong("max_heap_bytes");
            if (heap != null && heap > 0) {
                smallest = Math.min(smallest, heap);
            }
        }
        return smallest;
    }

    SeriesBudget budget() {
        return budget;
    }

    InflightBytes inflight() {
        return inflight;
    }

    /** The store's fill level as this node sees it, for the status API. */
    JsonObject storeJson() {
        return new JsonObject()
                .put("series", budget.stored())
                .put("series_limit", budget.limit())
                .put("series_limit_source", budget.configured() ? "flag" : "heap")
                .put("smallest_member_max_heap_bytes", smallestMaxHeap())
                .put("inflight_bytes", inflight.used())
                .put("inflight_bytes_limit", inflight.limit());
    }

    private JsonObject ownStatus() {
        return new JsonObject()
                .put("start_unix_nanos", startNanos)
                .put("published_unix_nanos", UnixTime.nowNanos())
                .put("replica_groups", replica.size())
                .put("replica_lag_seconds", replicaLagSeconds())
                .put("replica_repairs", reconciler.repairs())
                .put("max_heap_bytes", HeapSizing.ownMaxHeap())
                .put("store_series", budget.stored())
                .put("store_series_limit", budget.limit());
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
        long now = UnixTime.nowNanos();
        for (Member member : hazelcast.getCluster().getMembers()) {
            JsonObject json = new JsonObject()
                    .put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
                    .put("uuid", member.getUuid().toString())
                    .put("self", member.localMember());
            JsonObject status = member.localMember() ? ownStatus() : board.read(member.getUuid());
            if (status != null) {
                addStatus(json, status, now);
            }
            members.add(json);
        }
        return new JsonObject()
                .put("name", hazelcast.getConfig().getClusterName())
                .put("members", members)
                .put("replica_groups", replica.size())
                .put("replica_lag_seconds", replicaLagSeconds())
                .put("replica_repairs", reconciler.repairs());
    }

    /** A member's published status as the API shows it; a member that has not published yet has none of these. */
    private static void addStatus(JsonObject member, JsonObject status, long nowNanos) {
        long start = status.getLong("start_unix_nanos");
        member.put("start_time", GoTime.rfc3339Nano(start))
                .put("uptime_seconds", Math.max(0, nowNanos - start) / 1e9)
                .put("replica_groups", status.getInteger("replica_groups"))
                .put("replica_lag_seconds", status.getDouble("replica_lag_seconds"))
                .put("replica_repairs", status.getLong("replica_repairs"))
                .put("status_age_seconds", Math.max(0, nowNanos - status.getLong("published_unix_nanos")) / 1e9);
        // Absent in the status of a member of an older version, during a rolling upgrade.
        for (String field : new String[] {"max_heap_bytes", "store_series", "store_series_limit"}) {
            if (status.containsKey(field)) {
                member.put(field, status.getLong(field));
            }
        }
    }
}
