package io.pushgateway.cluster.cli;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import io.pushgateway.cluster.http.ClusterView;
import io.pushgateway.cluster.http.EventLoopOptions;
import io.pushgateway.cluster.http.GatewayHttpServer;
import io.pushgateway.cluster.http.NodeMetrics;
import io.pushgateway.cluster.http.Version;
import io.pushgateway.cluster.memory.BudgetedGroupStore;
import io.pushgateway.cluster.memory.HeapSizing;
import io.pushgateway.cluster.memory.InflightBytes;
import io.pushgateway.cluster.memory.OutOfMemoryExit;
import io.pushgateway.cluster.memory.SeriesBudget;
import io.pushgateway.cluster.persistence.ClusterRestore;
import io.pushgateway.cluster.persistence.PersistenceOptions;
import io.pushgateway.cluster.persistence.PersistenceStats;
import io.pushgateway.cluster.persistence.Snapshot;
import io.pushgateway.cluster.persistence.SnapshotFile;
import io.pushgateway.cluster.persistence.SnapshotLoader;
import io.pushgateway.cluster.persistence.Snapshotter;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.hazelcast.ClusterObserver;
import io.pushgateway.cluster.store.hazelcast.HazelcastGroupStore;
import io.pushgateway.cluster.store.hazelcast.HazelcastSetup;
import io.pushgateway.cluster.store.hazelcast.MemberStatusBoard;
import io.pushgateway.cluster.store.replica.LocalReplica;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node: a Hazelcast member holding the groups, a replica of all of them, and the HTTP
 * server in front. In a cluster, Vert.x is clustered through the same Hazelcast instance.
 */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Config config;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ScheduledExecutorService reconciliation = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-reconciliation");
        t.setDaemon(true);
        return t;
    });
    /** Apart from reconciliation, which may block on the network for seconds. */
    private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-expiry");
        t.setDaemon(true);
        return t;
    });
    /** Apart from both: publishing may wait for the network, expiry must not. */
    private final ScheduledExecutorService statusPublishing = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "member-status");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean reconciliationPending = new AtomicBoolean();
    private boolean closing;
    private HazelcastInstance hazelcast;
    private HazelcastGroupStore store;
    private Snapshotter snapshotter;
    private final CompletableFuture<Void> readyFuture = new CompletableFuture<>();
    private Vertx vertx;
    private GatewayHttpServer http;
    private int httpPort;

    private Node(Config config) {
        this.config = config;
    }

    /**
     * Starts a node on a thread of its own; completes once it serves HTTP with the full replica
     * loaded, or exceptionally (after cleaning up) if it cannot start.
     */
    public static CompletableFuture<Node> start(Config config) {
        Node node = new Node(config);
        CompletableFuture<Node> started = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        node.startParts();
                        started.complete(node);
                    } catch (Exception | Error e) {
                        LOG.error("could not start: {}", e.toString());
                        node.close().whenComplete((v, closeError) -> started.completeExceptionally(e));
                    }
                },
                "node-start");
        starter.start();
        return started;
    }

    private void startParts() throws Exception {
        long startNanos = UnixTime.nowNanos();
        NodeMetrics metrics = new NodeMetrics(Version.VERSION, Version.REVISION);
        ExpositionCache exposition = new ExpositionCache();
        boolean clustered = config.cluster().clustered();
        com.hazelcast.config.Config member =
                clustered ? HazelcastSetup.clustered(config.cluster()) : HazelcastSetup.standalone(config.cluster());
        PersistenceOptions persistence = config.persistence();
        PersistenceStats persistenceStats = new PersistenceStats();
        // Read before the member starts, as upstream reads it before it listens: the member
        // announces how new its snapshot is, for the cluster to pick the newest.
        Optional<Snapshot> snapshot = Optional.empty();
        SnapshotFile snapshotFile = persistence.enabled() ? new SnapshotFile(Path.of(persistence.file())) : null;
        if (persistence.enabled()) {
            snapshot = SnapshotLoader.load(snapshotFile, persistenceStats);
            ClusterRestore.announce(member, snapshot);
        }
        // Leaving hands this member's partitions over first; never for longer than the shutdown may take.
        if (member.getProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName()) == null) {
            member.setProperty(
                    ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(),
                    Long.toString(Math.max(1, config.shutdownTimeout().toSeconds())));
        }
        hazelcast = Hazelcast.newHazelcastInstance(member);
        LocalReplica replica = new LocalReplica();
        replica.addListener(exposition);
        if (persistence.enabled()) {
            snapshotter = new Snapshotter(snapshotFile, replica, persistence.interval(), persistenceStats);
            replica.addListener(snapshotter);
            metrics.registerPersistence(persistenceStats);
        }
        store = new HazelcastGroupStore(
                hazelcast,
                replica,
                metrics,
                config.consistencyCheck(),
                config.names(),
                config.cluster().memberTimeout().plusSeconds(10));
        ClusterObserver observer = new ClusterObserver(this::requestReconciliation);
        hazelcast.getCluster().addMembershipListener(observer);
        hazelcast.getLifecycleService().addLifecycleListener(observer);
        hazelcast.getPartitionService().addMigrationListener(observer);
        // Deadlines are checked ten times a second: a group is gone within 0.1 s of its deadline.
        expiry.scheduleWithFixedDelay(replica::expireDue, 100, 100, TimeUnit.MILLISECONDS);
        long interval = config.reconcileInterval().toMillis();
        if (interval > 0) {
            reconciliation.scheduleWithFixedDelay(this::reconcile, interval, interval, TimeUnit.MILLISECONDS);
        }
        vertx = clustered ? clusteredVertx() : Vertx.vertx(EventLoopOptions.of(config));
        vertx.exceptionHandler(error -> {
            OutOfMemoryExit.haltIfOutOfMemory(error);
            LOG.error("unhandled failure", error);
        });
        SeriesBudget budget = new SeriesBudget(config.memory().maxStoreSeries(), replica, HeapSizing.ownMaxHeap());
        InflightBytes inflight = new InflightBytes(config.memory().maxInflightBytes());
        ClusterView cluster = new ClusterView(
                new MemberStatusBoard(hazelcast), replica, store.reconciler()::repairs, startNanos, budget, inflight);
        long publishMillis = MemberStatusBoard.PUBLISH_INTERVAL.toMillis();
        statusPublishing.scheduleWithFixedDelay(() -> publishStatus(cluster), 0, publishMillis, TimeUnit.MILLISECONDS);
        metrics.registerCluster(cluster, exposition);
        metrics.registerMemory(budget, inflight);
        http = new GatewayHttpServer(vertx, config);
        httpPort = await(http.start(
                new BudgetedGroupStore(store, budget), exposition, metrics, cluster, ready::get, this::close));
        LOG.info(
                "listening on {}:{}, {} groups loaded, {} cluster members",
                config.listen().host(),
                httpPort,
                replica.size(),
                hazelcast.getCluster().getMembers().size());
        if (persistence.enabled()) {
            ClusterRestore restore = new ClusterRestore(
                    hazelcast,
                    hazelcast.getMap(HazelcastSetup.RESTORE_MARKER_MAP_NAME),
                    store::restore,
                    snapshot,
                    config.cluster().minMembers(),
                    config.cluster().expectedMembers(),
                    persistenceStats);
            Thread restorer = new Thread(() -> restoreThenServe(restore), "persistence-restore");
            restorer.setDaemon(true);
            restorer.start();
        } else {
            becomeReady();
        }
    }

    /** Ready only once the cluster's restore is done: a scrape before it would miss restored groups. */
    private void restoreThenServe(ClusterRestore restore) {
        try {
            int restored = restore.run(this::isClosing);
            if (restored < 0) {
                return;
            }
            // Another member may have restored: its groups reach this replica by events, which may
            // still be on their way. Reconciliation fetches them now, and repairs the type claims of
            // restored groups, before the node calls itself ready. On the reconciliation thread,
            // which never runs two at once.
            reconciliation.submit(this::reconcile).get();
            synchronized (this) {
                if (closing) {
                    return;
                }
                snapshotter.start();
            }
            becomeReady();
        } catch (InterruptedException | RejectedExecutionException e) {
            // Closed meanwhile: nothing to serve.
        } catch (ExecutionException e) {
            LOG.error("restore failed: {}", e.getCause().toString());
        }
    }

    private void becomeReady() {
        ready.set(true);
        readyFuture.complete(null);
    }

    private synchronized boolean isClosing() {
        return closing;
    }

    /** Completes when {@code /-/ready} first answers 200: the replica is loaded and any restore done. */
    public CompletableFuture<Void> ready() {
        return readyFuture;
    }

    private Vertx clusteredVertx() throws Exception {
        EventBusOptions eventBus =
                new EventBusOptions().setHost(config.cluster().listenHost()).setPort(0);
        if (!config.cluster().advertiseHost().isEmpty()) {
            eventBus.setClusterPublicHost(config.cluster().advertiseHost());
        }
        return await(Vertx.builder()
                .with(EventLoopOptions.of(config).setEventBusOptions(eventBus))
                .withClusterManager(new HazelcastClusterManager(hazelcast))
                .buildClustered());
    }

    /** Reconciles soon, once, however many times it is asked meanwhile. */
    private void requestReconciliation() {
        if (reconciliationPending.compareAndSet(false, true)) {
            try {
                reconciliation.schedule(this::reconcile, 1, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // Shutting down: members leaving now need no repair here.
            }
        }
    }

    private static void publishStatus(ClusterView cluster) {
        try {
            cluster.publishOwnStatus();
        } catch (RuntimeException e) {
            // Only the other members' view of this one goes stale; the next round tries again.
            LOG.debug("could not publish member status: {}", e.toString());
        }
    }

    private void reconcile() {
        reconciliationPending.set(false);
        try {
            store.reconcile();
        } catch (RuntimeException e) {
            // The cluster may be changing under us; the next round tries again.
            LOG.warn("reconciliation failed: {}", e.toString());
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** Completes when the node has shut down, whoever asked for it. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Stops serving, leaves the cluster gracefully (handing partitions over) and stops. Runs on a
     * thread of its own: Vert.x cannot be closed from one of its own threads and then be waited for.
     */
    public synchronized CompletableFuture<Void> close() {
        if (!closing) {
            closing = true;
            new Thread(this::closeNow, "node-shutdown").start();
        }
        return terminated;
    }

    private void closeNow() {
        ready.set(false);
        if (http != null) {
            http.drain();
        }
        try {
            // Unready but serving: load balancers and Services see the failing probe and stop sending
            // traffic, while requests they still send are answered.
            if (!config.shutdownDelay().isZero() && http != null) {
                LOG.info(
                        "shutting down: /-/ready answers 503, everything else is served for {} s more",
                        config.shutdownDelay().toMillis() / 1000.0);
                sleepQuietly(config.shutdownDelay());
            }
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            reconciliation.shutdownNow();
            expiry.shutdownNow();
            statusPublishing.shutdownNow();
            if (http != null) {
                awaitQuietly(http.stop(remaining(deadline)), deadline);
            }
            if (vertx != null) {
                awaitQuietly(vertx.close(), deadline);
            }
            if (snapshotter != null) {
                // After HTTP stopped, so the last push answered is in it (upstream does the same).
                snapshotter.stop();
            }
            if (store != null) {
                store.close();
            }
            if (hazelcast != null) {
                hazelcast.shutdown();
            }
            terminated.complete(null);
        } catch (RuntimeException e) {
            terminated.completeExceptionally(e);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(Future<?> future, long deadlineNanos) {
        try {
            future.toCompletionStage()
                    .toCompletableFuture()
                    .get(Math.max(1, remaining(deadlineNanos).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("shutdown step failed: {}", e.toString());
        }
    }
}
