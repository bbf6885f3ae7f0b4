package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.GroupKeyPath;

/**
 * Push URLs: percent-decoding, the grouping-key grammar (base64 included) and the label limits.
 * A key that is accepted must survive the trip through its map id unchanged, since the cluster map
 * is keyed by it. Plain {@code mvn verify} replays the inputs in {@code GroupKeyUrlFuzzTestInputs};
 * {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class GroupKeyUrlFuzzTest {
    @FuzzTest
    void pushUrl(FuzzedDataProvider data) {
        boolean base64 = data.consumeBoolean();
        String decoded = PercentDecoder.decode(data.consumeRemainingAsString());
        if (decoded == null) {
            return; // a malformed escape: 400 before routing
        }
        // As the dispatcher splits the path after /metrics/job/ or /metrics/job@base64/.
        int slash = decoded.indexOf('/');
        String job = slash < 0 ? decoded : decoded.substring(0, slash);
        String labelPart = slash < 0 ? "" : decoded.substring(slash);
        GroupKey key;
        try {
            key = GroupKeyPath.parse(job, base64, labelPart);
            PushPath.DEFAULT_LIMITS.checkKey(key);
        } catch (GroupKeyPath.InvalidGroupKeyException | BodyParseException e) {
            return;
        }
        assertEquals(key, GroupKey.fromId(key.id()));
        assertEquals(key.labels(), GroupKey.fromId(key.id()).labels());
    }
}
