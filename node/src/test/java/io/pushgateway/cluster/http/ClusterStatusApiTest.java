package io.pushgateway.cluster.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code data.cluster.members} of {@code /api/v1/status}: each member's uptime, replica size and lag. */
class ClusterStatusApiTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aSingleNodeDescribesItselfLive() throws Exception {
        try (TestNode node = TestNode.start()) {
            assertEquals(200, node.send("PUT", "/metrics/job/a", "a 1\n").statusCode());
            assertEquals(200, node.send("PUT", "/metrics/job/b", "b 1\n").statusCode());
            JsonObject data = status(node);
            JsonArray members = data.getJsonObject("cluster").getJsonArray("members");
            assertEquals(1, members.size());
            JsonObject self = members.getJsonObject(0);
            assertEquals(true, self.getBoolean("self"));
            assertEquals(data.getString("start_time"), self.getString("start_time"));
            assertTrue(self.getDouble("uptime_seconds") > 0, self.encode());
            assertEquals(2, self.getInteger("replica_groups"), "its own replica, read live: " + self.encode());
            assertTrue(self.getDouble("replica_lag_seconds") >= 0, self.encode());
            assertEquals(0L, self.getLong("replica_repairs"));
            assertEquals(0.0, self.getDouble("status_age_seconds"));
        }
    }

    @Test
    void everyMemberSeesWhatTheOthersPublished() throws Exception {
        int portA = freePort();
        int portB = freePort();
        String[] flags = {
            "--cluster.name=status-" + UUID.randomUUID(),
            "--cluster.peer=127.0.0.1:" + portA,
            "--cluster.peer=127.0.0.1:" + portB
        };
        CompletableFuture<TestNode> startingB = CompletableFuture.supplyAsync(() -> startMember(portB, flags));
        try (TestNode a = startMember(portA, flags);
                TestNode b = startingB.get()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, a.send("PUT", "/metrics/job/j" + i, "x 1\n").statusCode());
            }
            JsonObject bAsSeenByA = await("member B reports a replica of 3 groups to A")
                    .atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                for (Object m :
                                        status(a).getJsonObject("cluster").getJsonArray("members")) {
                                    JsonObject member = (JsonObject) m;
                                    if (!member.getBoolean("self")
                                            && Integer.valueOf(3).equals(member.getInteger("replica_groups"))) {
                                        return member;
                                    }
                                }
                                return null;
                            },
                            Objects::nonNull);
            assertEquals("127.0.0.1:" + portB, bAsSeenByA.getString("address"));
            assertEquals(bAsSeenByA.getString("start_time"), status(b).getString("start_time"));
            assertTrue(bAsSeenByA.getDouble("uptime_seconds") > 0, bAsSeenByA.encode());
            assertTrue(bAsSeenByA.getDouble("replica_lag_seconds") >= 0, bAsSeenByA.encode());
            assertTrue(bAsSeenByA.getDouble("status_age_seconds") < DEADLINE.toSeconds(), bAsSeenByA.encode());
        }
    }

    @Test
    void membersAdvertisingHostAndPortOrHostAloneFormACluster() throws Exception {
        int portA = freePort();
        int portB = freePort();
        String name = "--cluster.name=advertise-" + UUID.randomUUID();
        String[] peers = {"--cluster.peer=127.0.0.1:" + portA, "--cluster.peer=127.0.0.1:" + portB};
        CompletableFuture<TestNode> startingB = CompletableFuture.supplyAsync(() ->
                startMember(portB, new String[] {name, peers[0], peers[1], "--cluster.advertise-address=127.0.0.1"}));
        try (TestNode a = startMember(
                        portA,
                        new String[] {name, peers[0], peers[1], "--cluster.advertise-address=127.0.0.1:" + portA});
                TestNode b = startingB.get()) {
            assertEquals(
                    200,
                    a.send("PUT", "/metrics/job/advertised", "pushed_to_a 1\n").statusCode());
            await("the push to A is served by B")
                    .atMost(DEADLINE)
                    .until(() -> b.scrape().contains("pushed_to_a{"));
            JsonArray members = status(b).getJsonObject("cluster").getJsonArray("members");
            assertEquals(2, members.size(), members.encode());
            assertTrue(
                    members.stream()
                            .map(m -> ((JsonObject) m).getString("address"))
                            .anyMatch(("127.0.0.1:" + portA)::equals),
                    "A as it advertised itself: " + members.encode());
        }
    }

    private static TestNode startMember(int memberPort, String[] flags) {
        String[] all = new String[flags.length + 1];
        System.arraycopy(flags, 0, all, 0, flags.length);
        all[flags.length] = "--cluster.listen-address=127.0.0.1:" + memberPort;
        try {
            return TestNode.start(all);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject status(TestNode node) throws Exception {
        return new JsonObject(node.send("GET", "/api/v1/status", null).body()).getJsonObject("data");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
