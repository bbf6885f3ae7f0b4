package io.pushgateway.cluster.store.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what happens to the cluster and asks for a reconciliation of the replica whenever events may
 * have been missed: a member joined or left, partitions finished migrating, a split brain merged.
 */
public final class ClusterObserver implements MembershipListener, LifecycleListener, MigrationListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final Runnable requestReconciliation;

    public ClusterObserver(Runnable requestReconciliation) {
        this.requestReconciliation = requestReconciliation;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        LOG.info(
                "cluster member joined: {} ({} members now)",
                event.getMember().getAddress(),
                event.getMembers().size());
        requestReconciliation.run();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        LOG.warn(
                "cluster member left: {} ({} members now)",
                event.getMember().getAddress(),
                event.getMembers().size());
        requestReconciliation.run();
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
        switch (event.getState()) {
            case MERGING -> LOG.warn("split brain healing: merging into the larger cluster");
            case MERGED -> {
                LOG.warn("split brain healed: merged into the larger cluster");
                requestReconciliation.run();
            }
            case MERGE_FAILED -> LOG.error("merging after a split brain failed");
            default -> LOG.debug("cluster member state: {}", event.getState());
        }
    }

    @Override
    public void migrationStarted(MigrationState state) {
        LOG.debug("partition migration started: {} planned", state.getPlannedMigrations());
    }

    @Override
    public void migrationFinished(MigrationState state) {
        LOG.debug("partition migration finished: {} completed", state.getCompletedMigrations());
        requestReconciliation.run();
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {}

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        LOG.warn("partition {} failed to migrate", event.getPartitionId());
    }
}
