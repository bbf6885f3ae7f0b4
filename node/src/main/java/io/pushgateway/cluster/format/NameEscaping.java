package io.pushgateway.cluster.format;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.model.EscapingScheme;
import io.pushgateway.cluster.model.Names;

/**
 * Applies an {@link EscapingScheme} to a family before it is written for a scraper, as
 * prometheus/common's {@code EscapeMetricFamily} does: the family name and each label name that
 * breaks the classic rules are escaped; classic names, label values and help are left alone, and
 * label pairs keep their order.
 */
public final class NameEscaping {
    private NameEscaping() {}

    /** Whether any name of the family would change under some scheme other than allow-utf-8. */
    public static boolean hasNonClassicNames(Metrics.MetricFamily family) {
        if (!Names.isValidMetricName(family.getName())) {
            return true;
        }
        // Indexed: asked for every family a push changes, where an iterator per series adds up.
        for (int i = 0; i < family.getMetricCount(); i++) {
            if (hasNonClassicLabel(family.getMetric(i))) {
                return true;
            }
        }
        return false;
    }

    /** The family as the scheme shows it; the same instance when nothing changes. */
    public static Metrics.MetricFamily escape(Metrics.MetricFamily family, EscapingScheme scheme) {
        if (scheme == EscapingScheme.ALLOW_UTF8 || !hasNonClassicNames(family)) {
            return family;
        }
        Metrics.MetricFamily.Builder out = family.toBuilder();
        if (!Names.isValidMetricName(family.getName())) {
            out.setName(scheme.escape(family.getName()));
        }
        for (int i = 0; i < family.getMetricCount(); i++) {
            Metrics.Metric metric = family.getMetric(i);
            if (!hasNonClassicLabel(metric)) {
                continue;
            }
            Metrics.Metric.Builder escaped = metric.toBuilder();
            for (int j = 0; j < metric.getLabelCount(); j++) {
                Metrics.LabelPair pair = metric.getLabel(j);
                if (!Names.isValidMetricName(pair.getName())) {
                    escaped.setLabel(j, pair.toBuilder().setName(scheme.escape(pair.getName())));
                }
            }
            out.setMetric(i, escaped);
        }
        return out.build();
    }

    /** Upstream checks label names against the metric name rules here, so {@code a:b} stays as it is. */
    private static boolean hasNonClassicLabel(Metrics.Metric metric) {
        for (int i = 0; i < metric.getLabelCount(); i++) {
            if (!Names.isValidMetricName(metric.getLabel(i).getName())) {
                return true;
            }
        }
        return false;
    }
}
