package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.pushgateway.cluster.store.ClusterMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where every member publishes its own status (start time, replica size and lag) for the others to
 * show. A replicated map, so reading it is local and never waits for the network; each entry lives
 * for a few publishing intervals, so the entry of a member that died goes away by itself.
 */
public final class MemberStatusBoard implements ClusterMembers {
    static final String MAP_NAME = "member-status";
    public static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(2);
    private static final Duration ENTRY_TTL = PUBLISH_INTERVAL.multipliedBy(6);

    private final HazelcastInstance hazelcast;
    private final ReplicatedMap<String, String> entries;

    public MemberStatusBoard(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.entries = hazelcast.getReplicatedMap(MAP_NAME);
    }

    @Override
    public String clusterName() {
        return hazelcast.getConfig().getClusterName();
    }

    @Override
    public List<Member> members() {
        List<Member> members = new ArrayList<>();
        for (com.hazelcast.cluster.Member member : hazelcast.getCluster().getMembers()) {
            members.add(new Member(
                    member.getAddress().getHost() + ":" + member.getAddress().getPort(),
                    member.getUuid(),
                    member.localMember()));
        }
        return members;
    }

    @Override
    public void publishOwn(String status) {
        entries.put(
                hazelcast.getCluster().getLocalMember().getUuid().toString(),
                status,
                ENTRY_TTL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String published(UUID member) {
        return entries.get(member.toString());
    }
}
