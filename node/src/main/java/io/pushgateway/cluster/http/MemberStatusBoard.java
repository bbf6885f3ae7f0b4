package io.pushgateway.cluster.http;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where every member publishes its own status (start time, replica size and lag) for the others to
 * show. A replicated map, so reading it is local and never waits for the network; each entry lives
 * for a few publishing intervals, so the entry of a member that died goes away by itself.
 */
public final class MemberStatusBoard {
    static final String MAP_NAME = "member-status";
    public static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(2);
    private static final Duration ENTRY_TTL = PUBLISH_INTERVAL.multipliedBy(6);

    private final ReplicatedMap<String, String> entries;

    public MemberStatusBoard(HazelcastInstance hazelcast) {
        this.entries = hazelcast.getReplicatedMap(MAP_NAME);
    }

    /** Replaces the member's entry; may wait for the network, so never call it on an event loop. */
    void publish(UUID member, JsonObject status) {
        entries.put(member.toString(), status.encode(), ENTRY_TTL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The member's last published status, or null if it has none (yet, or any more). */
    JsonObject read(UUID member) {
        String status = entries.get(member.toString());
        return status == null ? null : new JsonObject(status);
    }
}
