package io.pushgateway.cluster.store;

import io.pushgateway.cluster.model.GroupKey;
import java.util.Collection;

/**
 * This node's copy of every group, as the store keeps it current; read-only for callers. Reads are
 * local and never wait for the network, so event loops may call every method.
 */
public interface Replica {
    /** The group held under that key, or null if none. */
    Group get(GroupKey key);

    /** A live view; iterate it for a weakly consistent snapshot. */
    Collection<Group> groups();

    int size();

    /** The pushed series of all held groups (without the two push time series each group also shows). */
    long seriesCount();

    /** Groups removed because their time to live ran out, since start. */
    long expiredGroups();

    /** How long the last change that arrived by event took to get here from where it was made. */
    long lastEventLagNanos();

    /** Tells the listener of every change applied from now on, in the order applied, on the applying thread. */
    void addListener(ReplicaListener listener);
}
