package io.pushgateway.cluster.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pushgateway.cluster.format.ProtobufDelimitedParser;

/**
 * Delimited protobuf bodies, from the parser to the scrape. Plain {@code mvn verify} replays the
 * inputs in {@code ProtobufParserFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see the README).
 */
class ProtobufParserFuzzTest {
    @FuzzTest
    void protobufBody(byte[] body) {
        PushPath.pushAndScrape(body, ProtobufDelimitedParser.CONTENT_TYPE);
    }
}
