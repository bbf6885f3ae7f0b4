package io.pushgateway.cluster.store;

import java.util.List;
import java.util.UUID;

/**
 * The members of the cluster the store lives in, as this node sees them, and the status each member
 * publishes for the others to show (JSON text). Reading is local and never waits for the network;
 * publishing may.
 */
public interface ClusterMembers {
    /** A member: its cluster address as {@code HOST:PORT}, its id, and whether it is this node. */
    record Member(String address, UUID id, boolean self) {}

    String clusterName();

    /** The members as this node sees them now, itself included. */
    List<Member> members();

    /** Replaces this member's published status; may wait for the network, so never call it on an event loop. */
    void publishOwn(String status);

    /** The member's last published status, or null if it has none (yet, or any more). */
    String published(UUID member);
}
