package io.pushgateway.cluster.http;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.Labels;
import java.time.Duration;
import java.util.Map;

/**
 * What one client may send and hold, so that a broken or hostile client costs bounded memory and
 * time. The server-side limits (URL, headers, timeouts, connections) are enforced by the HTTP
 * server; the push limits here, after parsing and before the store sees anything.
 *
 * @param maxSeries series in one push, over all its families
 * @param maxLabelPairs label pairs of one series in the body
 * @param maxLabelNameLength characters of a label name, in the body or the URL
 * @param maxLabelValueLength characters of a label value, in the body or the URL
 * @param maxUrlLength bytes of the request line (method, URL and version): longer ones get 414
 * @param maxHeaderBytes bytes of all request headers together: more get 431
 * @param idleTimeout a connection without traffic for this long is closed
 * @param readTimeout a request body not complete this long after its headers arrived gets 408 and
 *     the connection is closed; a new connection without its first request head this long is closed
 * @param maxConnections open connections at once; further ones are closed as they are accepted
 */
public record InputLimits(
        int maxSeries,
        int maxLabelPairs,
        int maxLabelNameLength,
        int maxLabelValueLength,
        int maxUrlLength,
        int maxHeaderBytes,
        Duration idleTimeout,
        Duration readTimeout,
        int maxConnections) {

    /** Refuses a parsed push that exceeds a limit; the message names the flag to raise. */
    void checkPush(Map<String, Metrics.MetricFamily> families) throws BodyParseException {
        long series = 0;
        for (Metrics.MetricFamily family : families.values()) {
            series += family.getMetricCount();
            if (series > maxSeries) {
                throw new BodyParseException("push has more than " + maxSeries + " series (see --push.max-series)");
            }
            for (Metrics.Metric metric : family.getMetricList()) {
                if (metric.getLabelCount() > maxLabelPairs) {
                    throw new BodyParseException("a series of \"" + family.getName() + "\" has "
                            + metric.getLabelCount() + " label pairs, more than " + maxLabelPairs
                            + " (see --push.max-label-pairs)");
                }
                for (Metrics.LabelPair pair : metric.getLabelList()) {
                    checkLabel(pair.getName(), pair.getValue(), "a series of \"" + family.getName() + "\"");
                }
            }
        }
    }

    /** Refuses a grouping key whose labels exceed the length limits. */
    void checkKey(GroupKey key) throws BodyParseException {
        Labels labels = key.labels();
        for (int i = 0; i < labels.size(); i++) {
            checkLabel(labels.name(i), labels.value(i), "the grouping key");
        }
    }

    private void checkLabel(String name, String value, String where) throws BodyParseException {
        if (name.length() > maxLabelNameLength) {
            throw new BodyParseException(where + " has a label name of " + name.length() + " characters, more than "
                    + maxLabelNameLength + " (see --push.max-label-name-length)");
        }
        if (value.length() > maxLabelValueLength) {
            throw new BodyParseException(where + " has a value of " + value.length() + " characters for label " + name
                    + ", more than " + maxLabelValueLength + " (see --push.max-label-value-length)");
        }
    }
}
