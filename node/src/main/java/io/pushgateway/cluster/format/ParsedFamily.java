package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric family while the text parser is still filling it: Go's {@code *dto.MetricFamily} plus
 * the per-family part of the parser's summary/histogram bookkeeping. Metrics stay builders until
 * the end because summary and histogram lines keep adding to metrics seen earlier.
 */
final class ParsedFamily {
    final String name;
    /** Null until a HELP line; an empty string is a present, empty help. */
    String help;
    /** Null until a TYPE line or the first sample (which makes it UNTYPED). */
    Metrics.MetricType type;

    final List<Metrics.Metric.Builder> metrics = new ArrayList<>(4);
    /**
     * Summary/histogram metrics by their label set (without quantile/le), like Go's maps keyed
     * by LabelsToSignature; created on first use.
     */
    private Map<String, Metrics.Metric.Builder> bySignature;

    ParsedFamily(String name) {
        this.name = name;
    }

    boolean isSummary() {
        return type == Metrics.MetricType.SUMMARY;
    }

    /** GAUGE_HISTOGRAM is parsed like HISTOGRAM, as the newest Go parser does. */
    boolean isHistogram() {
        return type == Metrics.MetricType.HISTOGRAM || type == Metrics.MetricType.GAUGE_HISTOGRAM;
    }

    /**
     * The metric a summary/histogram line belongs to: the one first seen with the same label set,
     * or {@code candidate} (then registered and appended) if there is none.
     */
    Metrics.Metric.Builder metricFor(String signature, Metrics.Metric.Builder candidate) {
        if (bySignature == null) {
            bySignature = new HashMap<>();
        }
        Metrics.Metric.Builder existing = bySignature.putIfAbsent(signature, candidate);
        if (existing != null) {
            return existing;
        }
        metrics.add(candidate);
        return candidate;
    }

    Metrics.MetricFamily build() {
        Metrics.MetricFamily.Builder b =
                Metrics.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            b.setHelp(help);
        }
        for (Metrics.Metric.Builder m : metrics) {
            b.addMetric(m);
        }
        return b.build();
    }
}
