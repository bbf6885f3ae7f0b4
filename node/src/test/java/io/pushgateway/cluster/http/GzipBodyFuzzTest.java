package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gzip-encoded bodies: every input either decompresses within the limit or is refused with 400
 * (broken stream) or 413 (too large once decompressed). Plain {@code mvn verify} replays the inputs
 * in {@code GzipBodyFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class GzipBodyFuzzTest {
    /** Small, so that the fuzzer reaches the limit with small inputs. */
    private static final long LIMIT = 4096;

    @FuzzTest
    void gzipBody(byte[] body) {
        byte[] decoded;
        try {
            decoded = BodyReader.decode("gzip", body, LIMIT);
        } catch (BodyReader.BodyException e) {
            assertTrue(e.status == 400 || e.status == 413, "status " + e.status);
            assertEquals(e.status == 413, e.getMessage().contains("--push.max-body-bytes"), e.getMessage());
            return;
        }
        assertTrue(decoded.length <= LIMIT, "decoded " + decoded.length + " bytes");
        PushPath.pushAndScrape(decoded, null);
    }
}
