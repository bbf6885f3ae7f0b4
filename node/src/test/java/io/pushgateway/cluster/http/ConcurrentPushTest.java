package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many clients at once: nothing they were told was stored may be missing. */
@ExtendWith(VertxExtension.class)
class ConcurrentPushTest {
    private static final int FAMILIES = 200;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start();
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void concurrentPostsOfDifferentFamiliesToOneGroupLoseNothing(Vertx vertx, VertxTestContext context) {
        WebClient client = WebClient.create(vertx);
        int port = node.node.httpPort();
        List<Future<HttpResponse<Buffer>>> pushes = new ArrayList<>();
        for (int i = 0; i < FAMILIES; i++) {
            pushes.add(client.post(port, "127.0.0.1", "/metrics/job/concurrent")
                    .sendBuffer(Buffer.buffer("family_" + i + " " + i + "\n")));
        }
        Future.all(pushes)
                .compose(all -> {
                    for (Future<HttpResponse<Buffer>> push : pushes) {
                        assertEquals(
                                200, push.result().statusCode(), push.result().bodyAsString());
                    }
                    return client.get(port, "127.0.0.1", "/metrics").send();
                })
                .onComplete(context.succeeding(scrape -> context.verify(() -> {
                    String text = scrape.bodyAsString();
                    for (int i = 0; i < FAMILIES; i++) {
                        assertTrue(
                                text.contains("family_" + i + "{instance=\"\",job=\"concurrent\"} " + i + "\n"),
                                "family_" + i);
                    }
                    context.completeNow();
                })));
    }
}
