package io.pushgateway.cluster.http;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Text format bodies, from the parser to the scrape. Plain {@code mvn verify} replays the inputs in
 * {@code TextParserFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class TextParserFuzzTest {
    @FuzzTest
    void textBody(byte[] body) {
        PushPath.pushAndScrape(body, "text/plain; version=0.0.4");
    }
}
