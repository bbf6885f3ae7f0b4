package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.cli.Main;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.format.TextFormatParser;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.scrape.ExpositionCache;
import io.pushgateway.cluster.store.hazelcast.GroupsForTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a push body goes through on a node, without the network and the cluster: parsing and the
 * limits of the push handler, the store's sanitising and consistency check, and both scrape
 * formats. For fuzz tests: any exception but the parse error that answers 400 is a bug, and so is
 * a scrape of a push the consistency check accepts that the text parser refuses.
 */
final class PushPath {
    static final InputLimits DEFAULT_LIMITS = Main.parseConfig().limits();
    private static final GroupKey KEY = GroupKey.of("job", "fuzz", "instance", "i");

    private PushPath() {}

    /** Runs the body through; returns whether it was accepted by the parser and the limits. */
    static boolean pushAndScrape(byte[] body, String contentType) {
        Map<String, Metrics.MetricFamily> families;
        try {
            families = PushHandler.parseBody(body, contentType, NameValidation.CLASSIC, DEFAULT_LIMITS);
        } catch (BodyParseException e) {
            return false;
        }
        boolean consistent =
                GroupsForTests.checkAgainstEmptyStore(KEY, families).isEmpty();
        // With --push.disable-consistency-check anything parsed is stored, so the scrape must cope.
        ExpositionCache cache = new ExpositionCache();
        cache.changed(null, GroupsForTests.pushed(KEY, families));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        cache.writeText(text, Map.of());
        ByteArrayOutputStream protobuf = new ByteArrayOutputStream();
        try {
            for (Metrics.MetricFamily family : cache.protobufFamilies(Map.of())) {
                family.writeDelimitedTo(protobuf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (consistent) {
            // What the check lets in, Prometheus must be able to scrape: our parser is as strict as its.
            try {
                TextFormatParser.parse(text.toByteArray());
            } catch (BodyParseException e) {
                throw new AssertionError("scrape of an accepted push does not parse: " + e.getMessage() + "\n"
                        + text.toString(StandardCharsets.UTF_8));
            }
        }
        // The work is bounded by the input: every byte stored can only cost a bounded scrape.
        long bound = 256L * body.length + 4096;
        assertTrue(
                text.size() <= bound, () -> "text scrape of " + text.size() + " bytes from a body of " + body.length);
        assertTrue(
                protobuf.size() <= bound,
                () -> "protobuf scrape of " + protobuf.size() + " bytes from a body of " + body.length);
        return true;
    }
}
