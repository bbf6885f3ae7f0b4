package io.pushgateway.cluster.store;

/** Told of every change the local replica applies, in the order applied. */
public interface ReplicaListener {
    /**
     * @param before the group as it was, or null if it was absent
     * @param after the group as it is now, or null if it was removed
     */
    void changed(Group before, Group after);
}
