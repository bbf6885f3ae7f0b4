package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrapeFormatTest {
    /** What Prometheus 2.42 sends by default, and with {@code --enable-feature=native-histograms}. */
    static final String PROMETHEUS_DEFAULT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    static final String PROMETHEUS_NATIVE_HISTOGRAMS = "application/vnd.google.protobuf;"
            + "proto=io.prometheus.client.MetricFamily;encoding=delimited,"
            + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no header ||TEXT",
                "Prometheus 2.42 default|" + PROMETHEUS_DEFAULT + "|OPENMETRICS_1_0_0",
                "Prometheus 2.42 with native histograms|" + PROMETHEUS_NATIVE_HISTOGRAMS + "|PROTOBUF",
                "curl|*/*|TEXT",
                "plain text|text/plain|TEXT",
                "text of another version|text/plain;version=1.0.0|TEXT",
                "OpenMetrics without version is 0.0.1|application/openmetrics-text|OPENMETRICS_0_0_1",
                "OpenMetrics 0.0.1|application/openmetrics-text; version=0.0.1|OPENMETRICS_0_0_1",
                "OpenMetrics of an unknown version|application/openmetrics-text; version=2.0.0|TEXT",
                "q orders, not position|text/plain;version=0.0.4;q=0.5,application/openmetrics-text;version=1.0.0;q=0.6|OPENMETRICS_1_0_0",
                "q=0 refuses|application/openmetrics-text;version=1.0.0;q=0,text/plain;q=0.2|TEXT",
                "equal q keeps header order|text/plain;version=0.0.4,application/openmetrics-text;version=1.0.0|TEXT",
                "case and quotes|Application/OpenMetrics-Text; Version=\"1.0.0\"|OPENMETRICS_1_0_0",
                "protobuf needs delimited|application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text|TEXT",
                "unservable first, servable later|application/json,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.1|PROTOBUF",
                "bad q is a refusal|application/openmetrics-text;version=1.0.0;q=x|TEXT",
            })
    void negotiates(String description, String accept, String expected) {
        ScrapeFormat format = switch (expected) {
            case "TEXT" -> ScrapeFormat.TEXT;
            case "PROTOBUF" -> ScrapeFormat.PROTOBUF;
            case "OPENMETRICS_1_0_0" -> ScrapeFormat.OPENMETRICS_1_0_0;
            default -> ScrapeFormat.OPENMETRICS_0_0_1;
        };
        assertEquals(format, ScrapeFormat.negotiate(accept), description);
    }

    @Test
    void withOpenMetricsDisabledPrometheusGetsTextOrProtobuf() {
        assertEquals(ScrapeFormat.TEXT, ScrapeFormat.negotiate(PROMETHEUS_DEFAULT, false));
        assertEquals(ScrapeFormat.PROTOBUF, ScrapeFormat.negotiate(PROMETHEUS_NATIVE_HISTOGRAMS, false));
        assertEquals(ScrapeFormat.TEXT, ScrapeFormat.negotiate("application/openmetrics-text", false));
    }
}
