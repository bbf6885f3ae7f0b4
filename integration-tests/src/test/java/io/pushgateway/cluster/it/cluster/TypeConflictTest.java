package io.pushgateway.cluster.it.cluster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3, guarantee 7: a family name has one type across all groups, whichever nodes the pushes
 * go through. A conflicting push is refused with 400 like upstream refuses it; and whatever
 * happens, scrapes keep working and render the same on every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TypeConflictTest {

    private static final int SEQUENTIAL_ROUNDS = 60;
    private static final int RACE_ROUNDS = 60;
    /** The release of a freed name races with the next push; enough rounds to see it lose. */
    private static final int FREE_ROUNDS = 300;
    /** The type each node's racer pushes; any two differ. */
    private static final List<String> RACE_TYPES = List.of("counter", "gauge", "untyped");

    private final PushClient client = new PushClient();
    private final NodeScrapes scrapes = new NodeScrapes();
    private ClusterProcess cluster;

    @BeforeAll
    void startCluster() {
        cluster = ClusterProcess.start("type-conflict", 3, List.of());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void conflictWithAnAcknowledgedPushIsRejectedThroughAnyOtherNode() {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL_ROUNDS; i++) {
            ClusterNode first = cluster.node(i % 3);
            ClusterNode second = cluster.node((i + 1) % 3);
            String family = "tc_seq_" + i;
            Http.Reply counter =
                    client.put(first, "tc_first", "i" + i, "# TYPE " + family + " counter\n" + family + " 1\n");
            assertEquals(200, counter.status(), "first push of " + family + " through " + first + ": " + counter);
            Http.Reply gauge =
                    client.put(second, "tc_second", "i" + i, "# TYPE " + family + " gauge\n" + family + " 2\n");
            if (gauge.status() != 400) {
                accepted.add(family + " as gauge through " + second + " after the counter was acknowledged by " + first
                        + ": " + gauge);
            }
        }
        System.out.printf(
                "[type-conflict] %d conflicting pushes right after the first one was acknowledged by another"
                        + " node: rejected %d, accepted %d%n",
                SEQUENTIAL_ROUNDS, SEQUENTIAL_ROUNDS - accepted.size(), accepted.size());
        assertEquals(List.of(), accepted, "conflicting pushes that were not answered 400");
    }

    @Test
    void racingConflictsNeverBreakAScrapeAndSettleIdentically() throws Exception {
        RaceResult race;
        try (ScrapeWatcher watcher = new ScrapeWatcher(cluster.nodes(), scrape -> null)) {
            watcher.start();
            race = race(cluster, "tc_race");
            watcher.stop();
            System.out.printf(
                    "[type-conflict] %d concurrent scrapes during %d racing rounds (latency %s): failed %d%n",
                    watcher.scrapes(), RACE_ROUNDS, watcher.latency(), watcher.failures());
            assertEquals(
                    0,
                    watcher.failures(),
                    "scrapes that failed while conflicting pushes raced: e.g. " + watcher.failureExamples());
        }
        assertEquals(List.of(), race.unexpected(), "answers other than 200 or 400 to racing pushes");
        long settled = System.nanoTime();
        String common = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(2));
        Scrape scrape = Scrape.parse(common);
        System.out.printf(
                "[type-conflict] pushed part identical on all nodes %.0f ms after the race (%d samples)%n",
                (System.nanoTime() - settled) / 1e6, scrape.samples().size());
        assertEquals(List.of(), scrape.problems(), "settled scrape is not valid");
    }

    @Test
    void conflictsRacingThroughDifferentNodesAreStillRejected() throws Exception {
        RaceResult race = race(cluster, "tc_claim");
        Map<String, Set<String>> slipped = new TreeMap<>();
        race.acceptedTypes().forEach((family, types) -> {
            if (types.size() > 1) {
                slipped.put(family, types);
            }
        });
        System.out.printf(
                "[type-conflict] %d families each pushed concurrently as %s through the 3 nodes: one type"
                        + " accepted %d, none accepted %d, several types accepted (conflict slipped through) %d%n",
                RACE_ROUNDS,
                RACE_TYPES,
                race.acceptedTypes().values().stream()
                        .filter(t -> t.size() == 1)
                        .count(),
                RACE_ROUNDS - race.acceptedTypes().size(),
                slipped.size());
        String common = scrapes.awaitIdentical(cluster.nodes(), Duration.ofSeconds(2));
        assertAll(
                () -> assertEquals(List.of(), race.unexpected(), "answers other than 200 or 400 to racing pushes"),
                () -> assertEquals(
                        Map.of(),
                        slipped,
                        "families accepted with more than one type through different nodes"
                                + " (each push was answered 200; a user's scrape silently drops one group's series)"),
                () -> assertEquals(List.of(), Scrape.parse(common).problems(), "settled scrape is not valid"));
    }

    /**
     * The other side of the check, as upstream behaves: once the only group holding a family is
     * deleted (or re-pushed without it), the name is free, and a push of it with another type
     * through the same node is accepted.
     */
    @Test
    void familyNoGroupHoldsAnyMoreMayTakeAnotherType() {
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < FREE_ROUNDS; i++) {
            ClusterNode node = cluster.node(i % 3);
            String family = "tc_free_" + i;
            Http.Reply counter =
                    client.put(node, "tc_free_old", "i" + i, "# TYPE " + family + " counter\n" + family + " 1\n");
            assertEquals(200, counter.status(), "first push of " + family + " through " + node + ": " + counter);
            boolean byDelete = i % 2 == 0;
            Http.Reply freed = byDelete
                    ? client.delete(node, "tc_free_old", "i" + i)
                    : client.put(node, "tc_free_old", "i" + i, "# TYPE tc_free_other gauge\ntc_free_other 1\n");
            assertEquals(byDelete ? 202 : 200, freed.status(), "freeing " + family + " through " + node + ": " + freed);
            Http.Reply gauge =
                    client.put(node, "tc_free_new", "i" + i, "# TYPE " + family + " gauge\n" + family + " 2\n");
            if (gauge.status() != 200) {
                refused.add(family + " as gauge through " + node + " right after "
                        + (byDelete ? "DELETE of" : "PUT without it to") + " the only group holding it: " + gauge);
            }
        }
        System.out.printf(
                "[type-conflict] %d pushes of a family with a new type through the node that had just freed the"
                        + " name (DELETE or PUT without it): accepted %d, refused %d%n",
                FREE_ROUNDS, FREE_ROUNDS - refused.size(), refused.size());
        assertEquals(List.of(), refused, "pushes refused although no group held the family any more");
    }

    /**
     * What slips past the check (here: pushed with the check disabled, as through a partition) must
     * still give a valid scrape, the same on every node: one type per family, chosen the same way
     * everywhere.
     */
    @Test
    void conflictsThatSlippedInRenderOneValidIdenticalScrapeEverywhere() throws Exception {
        try (ClusterProcess unchecked =
                ClusterProcess.start("type-conflict-unchecked", 3, List.of("--push.disable-consistency-check"))) {
            RaceResult race;
            try (ScrapeWatcher watcher = new ScrapeWatcher(unchecked.nodes(), scrape -> null)) {
                watcher.start();
                race = race(unchecked, "tc_slip");
                watcher.stop();
                System.out.printf(
                        "[type-conflict] unchecked cluster: %d families stored with %s; %d concurrent scrapes"
                                + " (latency %s): failed %d%n",
                        race.acceptedTypes().size(),
                        RACE_TYPES,
                        watcher.scrapes(),
                        watcher.latency(),
                        watcher.failures());
                assertEquals(
                        0,
                        watcher.failures(),
                        "scrapes that failed while conflicting data was stored: e.g. " + watcher.failureExamples());
            }
            assertEquals(List.of(), race.unexpected(), "answers other than 2xx to unchecked pushes");
            String common = scrapes.awaitIdentical(unchecked.nodes(), Duration.ofSeconds(2));
            Scrape scrape = Scrape.parse(common);
            long families = scrape.types().keySet().stream()
                    .filter(name -> name.startsWith("tc_slip_"))
                    .count();
            System.out.printf(
                    "[type-conflict] unchecked cluster settled: identical on all nodes, %d conflicting families"
                            + " each rendered with one type%n",
                    families);
            assertAll(
                    () -> assertEquals(List.of(), scrape.problems(), "settled scrape is not valid"),
                    () -> assertEquals(RACE_ROUNDS, families, "families missing from the settled scrape"));
        }
    }

    /** Which types were acknowledged for which family, and any answer other than 200 or 400. */
    private record RaceResult(Map<String, Set<String>> acceptedTypes, List<String> unexpected) {}

    /**
     * Round after round, one thread per node pushes the same new family name, each with its own
     * type, into a group of its own, all released at the same moment.
     */
    private RaceResult race(ClusterProcess cluster, String prefix) throws InterruptedException {
        Map<String, Set<String>> acceptedTypes = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(cluster.size());
        List<Thread> racers = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            String type = RACE_TYPES.get(node.index());
            racers.add(new Thread(
                    () -> {
                        for (int round = 0; round < RACE_ROUNDS; round++) {
                            String family = prefix + "_" + round;
                            try {
                                start.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                                unexpected.add("racer " + node.index() + " could not start round " + round + ": " + e);
                                return;
                            }
                            Http.Reply reply = client.put(
                                    node,
                                    prefix + "_" + node.index(),
                                    "r" + round,
                                    "# TYPE " + family + " " + type + "\n" + family + " " + round + "\n");
                            if (reply.ok()) {
                                acceptedTypes
                                        .computeIfAbsent(family, f -> new TreeSet<>())
                                        .add(type);
                            } else if (reply.status() != 400) {
                                unexpected.add(family + " as " + type + " through " + node + ": " + reply);
                            }
                        }
                    },
                    "racer-" + node.index()));
        }
        racers.forEach(Thread::start);
        for (Thread racer : racers) {
            racer.join(TimeUnit.MINUTES.toMillis(2));
            if (racer.isAlive()) {
                racer.interrupt();
                throw new AssertionError(racer.getName() + " still running");
            }
        }
        return new RaceResult(acceptedTypes, List.copyOf(unexpected));
    }
}
