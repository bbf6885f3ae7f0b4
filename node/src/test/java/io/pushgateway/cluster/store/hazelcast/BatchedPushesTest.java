package io.pushgateway.cluster.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.Push;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.UnixTime;
import io.pushgateway.cluster.store.check.TypeClaim;
import io.pushgateway.cluster.store.replica.LocalReplica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pushes handed to the store all at once are checked and committed in batches; every decision must
 * still be the one a push checked alone against everything before it would get.
 */
class BatchedPushesTest {
    private static HazelcastInstance hazelcast;
    private static HazelcastGroupStore store;
    private static IMap<String, TypeClaim> claims;

    @BeforeAll
    static void start() {
        hazelcast = Hazelcast.newHazelcastInstance(
                HazelcastSetup.standalone(ClusterOptions.standalone("batched-test-" + UUID.randomUUID())));
        store = new HazelcastGroupStore(hazelcast, new LocalReplica(), OwnFamilies.NONE, true, NameValidation.CLASSIC);
        claims = hazelcast.getMap(HazelcastGroupStore.CLAIMS_MAP_NAME);
    }

    @AfterAll
    static void stop() {
        store.close();
        hazelcast.shutdown();
    }

    @Test
    void manyNewGroupsPushedAtOnceAreAllStoredAndCountedAsHolders() throws Exception {
        await(push(GroupKey.of("job", "siblings", "instance", "first"), gauge("sib_a", 1), gauge("sib_b", 1)));
        List<CompletableFuture<PushOutcome>> pushes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pushes.add(push(GroupKey.of("job", "siblings", "instance", "i" + i), gauge("sib_a", i), gauge("sib_b", i)));
        }
        for (CompletableFuture<PushOutcome> push : pushes) {
            assertTrue(await(push).accepted(), "a sibling's push");
        }
        assertEquals(301, claims.get("sib_a").holders());
        assertEquals(301, claims.get("sib_b").holders());
        assertEquals(
                301,
                store.replica().groups().stream()
                        .filter(g -> g.key().id().contains("siblings"))
                        .count());
    }

    @Test
    void aSeriesBroughtByAnotherPushOfTheSameBatchIsADuplicate() throws Exception {
        for (int round = 0; round < 30; round++) {
            String name = "dup_" + round;
            // {job=dup} with a body instance "x", and {job=dup,instance=x}: the same series.
            CompletableFuture<PushOutcome> first = push(GroupKey.of("job", "dup" + round), gauge(name, 1, "x"));
            CompletableFuture<PushOutcome> second =
                    push(GroupKey.of("job", "dup" + round, "instance", "x"), gauge(name, 2));
            assertTrue(await(first).accepted(), "first push of " + name);
            PushOutcome refused = await(second);
            assertTrue(
                    !refused.accepted() && refused.message().contains("was collected before"),
                    "second push of " + name + ": " + refused);
        }
    }

    @Test
    void siblingsClaimTogetherButAnotherTypeForTheirNameIsRefused() throws Exception {
        await(push(GroupKey.of("job", "typed", "instance", "first"), gauge("typed_m", 1)));
        List<CompletableFuture<PushOutcome>> siblings = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            siblings.add(push(GroupKey.of("job", "typed", "instance", "i" + i), gauge("typed_m", i)));
        }
        CompletableFuture<PushOutcome> counter = push(GroupKey.of("job", "typed_other"), counter("typed_m"));
        for (CompletableFuture<PushOutcome> sibling : siblings) {
            assertTrue(await(sibling).accepted());
        }
        assertTrue(!await(counter).accepted(), "a counter of a name 21 groups hold as a gauge");
        assertEquals(21, claims.get("typed_m").holders());
        assertEquals(Metrics.MetricType.GAUGE.getNumber(), claims.get("typed_m").type());
    }

    @Test
    void aNewNameClaimedInTheSameBatchWithTwoTypesKeepsTheFirst() throws Exception {
        for (int round = 0; round < 30; round++) {
            String name = "race_" + round;
            CompletableFuture<PushOutcome> gauge = push(GroupKey.of("job", "race_g" + round), gauge(name, 1));
            CompletableFuture<PushOutcome> counter = push(GroupKey.of("job", "race_c" + round), counter(name));
            assertTrue(await(gauge).accepted(), name);
            assertTrue(!await(counter).accepted(), name);
        }
    }

    private static CompletableFuture<PushOutcome> push(GroupKey key, Metrics.MetricFamily... families) {
        Map<String, Metrics.MetricFamily> byName = new java.util.LinkedHashMap<>();
        for (Metrics.MetricFamily family : families) {
            byName.put(family.getName(), family);
        }
        return store.push(new Push(key, true, byName, UnixTime.nowNanos(), 0)).toCompletableFuture();
    }

    private static PushOutcome await(CompletableFuture<PushOutcome> push) throws Exception {
        return push.get(30, TimeUnit.SECONDS);
    }

    private static Metrics.MetricFamily gauge(String name, double value, String... instance) {
        Metrics.Metric.Builder metric =
                Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(value));
        if (instance.length > 0) {
            metric.addLabel(Metrics.LabelPair.newBuilder().setName("instance").setValue(instance[0]));
        }
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.GAUGE)
                .addMetric(metric)
                .build();
    }

    private static Metrics.MetricFamily counter(String name) {
        return Metrics.MetricFamily.newBuilder()
                .setName(name)
                .setType(Metrics.MetricType.COUNTER)
                .addMetric(Metrics.Metric.newBuilder()
                        .setCounter(Metrics.Counter.newBuilder().setValue(1)))
                .build();
    }
}
