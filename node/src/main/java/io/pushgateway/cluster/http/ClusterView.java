package io.pushgateway.cluster.http;

import io.pushgateway.cluster.memory.HeapSizing;
import io.pushgateway.cluster.memory.InflightBytes;
import io.pushgateway.cluster.memory.SeriesBudget;
import io.pushgateway.cluster.store.ClusterMembers;
import io.pushgateway.cluster.store.Replica;
import io.pushgateway.cluster.store.UnixTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;

/**
 * What this node can tell about the cluster: members, its replica, its repairs, and what the other
 * members last published about theirs through {@link ClusterMembers}.
 */
public final class ClusterView {
    private final ClusterMembers cluster;
    private final Replica replica;
    private final LongSupplier repairs;
    private final long startNanos;
    private final SeriesBudget budget;
    private final InflightBytes inflight;

    /** @param repairs the groups reconciliation repaired since start */
    public ClusterView(
            ClusterMembers cluster,
            Replica replica,
            LongSupplier repairs,
            long startNanos,
            SeriesBudget budget,
            InflightBytes inflight) {
        this.budget = budget;
        this.inflight = inflight;
        this.cluster = cluster;
        this.replica = replica;
        this.repairs = repairs;
        this.startNanos = startNanos;
    }

    /**
     * Publishes this member's status for the others, then takes the smallest maximum heap of all
     * members into the series budget; may wait for the network.
     */
    public void publishOwnStatus() {
        cluster.publishOwn(ownStatus().encode());
        budget.smallestMemberHeap(smallestMaxHeap());
    }

    /** The smallest maximum heap among the members that published one, this member's included. */
    long smallestMaxHeap() {
        long smallest = HeapSizing.ownMaxHeap();
        for (ClusterMembers.Member member : cluster.members()) {
            JsonObject status = member.self() ? null : published(member);
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
                .put("replica_repairs", repairs.getAsLong())
                .put("max_heap_bytes", HeapSizing.ownMaxHeap())
                .put("store_series", budget.stored())
                .put("store_series_limit", budget.limit());
    }

    int members() {
        return cluster.members().size();
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
        return repairs.getAsLong();
    }

    long startNanos() {
        return startNanos;
    }

    JsonObject toJson() {
        JsonArray members = new JsonArray();
        long now = UnixTime.nowNanos();
        for (ClusterMembers.Member member : cluster.members()) {
            JsonObject json = new JsonObject()
                    .put("address", member.address())
                    .put("uuid", member.id().toString())
                    .put("self", member.self());
            JsonObject status = member.self() ? ownStatus() : published(member);
            if (status != null) {
                addStatus(json, status, now);
            }
            members.add(json);
        }
        return new JsonObject()
                .put("name", cluster.clusterName())
                .put("members", members)
                .put("replica_groups", replica.size())
                .put("replica_lag_seconds", replicaLagSeconds())
                .put("replica_repairs", repairs.getAsLong());
    }

    private JsonObject published(ClusterMembers.Member member) {
        String status = cluster.published(member.id());
        return status == null ? null : new JsonObject(status);
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
