package io.pushgateway.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.pushgateway.cluster.cli.Config;
import io.pushgateway.cluster.cli.Version;
import io.pushgateway.cluster.http.GatewayHttpServer;
import io.pushgateway.cluster.http.NodeMetrics;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.GroupStore;
import io.pushgateway.cluster.store.HazelcastGroupStore;
import io.pushgateway.cluster.store.HazelcastSetup;
import io.pushgateway.cluster.store.LocalReplica;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One gateway node: a Hazelcast member holding the groups, and the HTTP server in front of it. */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Config config;
    private final Vertx vertx;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private boolean closing;
    private HazelcastInstance hazelcast;
    private GroupStore store;
    private GatewayHttpServer http;
    private int httpPort;

    private Node(Config config) {
        this.config = config;
        this.vertx = Vertx.vertx();
    }

    /** Starts a node; the future completes once it serves HTTP with the full replica loaded. */
    public static Future<Node> start(Config config) {
        Node node = new Node(config);
        return node.startParts().map(node).recover(error -> Future.fromCompletionStage(node.close())
                .transform(v -> Future.failedFuture(error)));
    }

    private Future<Void> startParts() {
        Instant now = Instant.now();
        long startNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        NodeMetrics metrics = new NodeMetrics(Version.VERSION, Version.REVISION);
        ExpositionCache exposition = new ExpositionCache();
        return vertx.executeBlocking(() -> {
            hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.standalone(config.clusterName()));
            LocalReplica replica = new LocalReplica();
            replica.addListener(exposition);
            store = new HazelcastGroupStore(hazelcast, replica, metrics, config.consistencyCheck());
            return store;
        }).compose(s -> {
            http = new GatewayHttpServer(vertx, config);
            return http.start(store, exposition, metrics, ready::get, this::shutdownAsync, startNanos);
        }).map(port -> {
            httpPort = port;
            ready.set(true);
            LOG.info("listening on {}:{}, {} groups loaded", config.listenHost(), port, store.replica().size());
            return null;
        });
    }

    public int httpPort() {
        return httpPort;
    }

    /** Completes when the node has shut down, whoever asked for it. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    private void shutdownAsync() {
        close();
    }

    /**
     * Stops serving, leaves the cluster gracefully (handing partitions over) and stops Vert.x. Runs
     * on a thread of its own: Vert.x cannot be closed from one of its own threads and then be
     * waited for.
     */
    public synchronized CompletableFuture<Void> close() {
        if (!closing) {
            closing = true;
            Thread closer = new Thread(this::closeNow, "node-shutdown");
            closer.start();
        }
        return terminated;
    }

    private void closeNow() {
        ready.set(false);
        try {
            if (http != null) {
                await(http.stop());
            }
            if (store != null) {
                store.close();
            }
            if (hazelcast != null) {
                hazelcast.shutdown();
            }
            await(vertx.close());
            terminated.complete(null);
        } catch (RuntimeException e) {
            terminated.completeExceptionally(e);
        }
    }

    private static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shutting down", e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("shutdown step failed: {}", e.toString());
        }
    }
}
