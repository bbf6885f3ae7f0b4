package io.pushgateway.cluster.store.replica;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.UnixTime;

/** Turns the cluster map's events into changes of the local replica. */
public final class ReplicaFeed
        implements EntryAddedListener<String, Group>,
                EntryUpdatedListener<String, Group>,
                EntryRemovedListener<String, Group>,
                EntryExpiredListener<String, Group>,
                EntryEvictedListener<String, Group>,
                MapClearedListener {
    private final LocalReplica replica;

    public ReplicaFeed(LocalReplica replica) {
        this.replica = replica;
    }

    @Override
    public void entryAdded(EntryEvent<String, Group> event) {
        applyAndMeasure(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Group> event) {
        applyAndMeasure(event.getValue());
    }

    /** The lag is from the change's time (taken where the push arrived) to its arrival here. */
    private void applyAndMeasure(Group group) {
        if (replica.apply(group)) {
            long changed = Math.max(group.lastPushNanos(), group.lastFailureNanos());
            if (changed > 0) {
                replica.recordEventLag(UnixTime.nowNanos() - changed);
            }
        }
    }

    @Override
    public void entryRemoved(EntryEvent<String, Group> event) {
        gone(event.getOldValue());
    }

    @Override
    public void entryEvicted(EntryEvent<String, Group> event) {
        gone(event.getOldValue());
    }

    @Override
    public void entryExpired(EntryEvent<String, Group> event) {
        Group old = event.getOldValue();
        // Hazelcast keeps entry times at a coarser grain than the group's deadline and may expire
        // an entry a little early; the replica drops a group with a deadline at that deadline itself.
        if (old != null && old.expiresAtNanos() != 0 && !old.isDeleted() && !old.isExpiredAt(UnixTime.nowNanos())) {
            return;
        }
        gone(old);
    }

    @Override
    public void mapCleared(MapEvent event) {
        replica.clear();
    }

    private void gone(Group old) {
        if (old == null) {
            return;
        }
        if (old.isDeleted()) {
            replica.forgetDeletion(old.key(), old.version());
        } else {
            replica.removeIfNotNewer(old);
        }
    }
}
