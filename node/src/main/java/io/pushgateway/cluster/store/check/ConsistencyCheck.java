package io.pushgateway.cluster.store.check;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.SeriesKey;
import io.pushgateway.cluster.format.SeriesLabels;
import io.pushgateway.cluster.model.GroupKey;
import io.pushgateway.cluster.model.Labels;
import io.pushgateway.cluster.model.NameValidation;
import io.pushgateway.cluster.store.Group;
import io.pushgateway.cluster.store.OwnFamilies;
import io.pushgateway.cluster.store.PushOutcome;
import io.pushgateway.cluster.store.replica.FamilyIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a sanitised push may be stored, with the decisions and messages of the
 * Pushgateway's push-time check (a full gather of the store), but looking only at what the push
 * touches: its families, their suffix relatives, and the series they would collide with.
 */
public final class ConsistencyCheck {
    public static final String TIMESTAMPS = "pushed metrics must not have timestamps";

    private final OwnFamilies own;
    private final NameValidation names;

    public ConsistencyCheck(OwnFamilies own) {
        this(own, NameValidation.CLASSIC);
    }

    public ConsistencyCheck(OwnFamilies own, NameValidation names) {
        this.own = own;
        this.names = names;
    }

    /** Whether any pushed sample carries a timestamp; such a push is refused even unchecked. */
    public static boolean hasTimestamps(Map<String, Metrics.MetricFamily> families) {
        for (Metrics.MetricFamily family : families.values()) {
            for (Metrics.Metric metric : family.getMetricList()) {
                if (metric.hasTimestampMs()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The errors that reject the push, empty if it may be stored.
     *
     * @param current the group as stored now, or null
     */
    public List<String> check(
            FamilyIndex index,
            Map<String, Metrics.MetricFamily> families,
            boolean replace,
            Group current,
            GroupKey key) {
        List<String> errors = new ArrayList<>();
        for (Metrics.MetricFamily family : families.values()) {
            checkOwnType(family, errors);
            checkTypeAcrossGroups(index, family, current, errors);
            checkSuffixCollisions(index, family, families, replace, current, errors);
            checkSeries(index, family, key, errors);
        }
        boolean stored = current != null && !current.isDeleted();
        if (index.timestampSeriesTaken(key, stored)) {
            Labels labels = key.seriesLabels();
            errors.add(duplicate("push_time_seconds", labels));
            errors.add(duplicate("push_failure_time_seconds", labels));
        }
        return errors;
    }

    /** The outcome of a push refused with that message, with the reason metrics count it under. */
    public static PushOutcome refused(String message) {
        return new PushOutcome(false, message, message.equals(TIMESTAMPS) ? "timestamps" : "inconsistent");
    }

    public static String render(List<String> errors) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        StringBuilder sb = new StringBuilder().append(errors.size()).append(" error(s) occurred:");
        for (String error : errors) {
            sb.append("\n* ").append(error);
        }
        return sb.toString();
    }

    private void checkOwnType(Metrics.MetricFamily family, List<String> errors) {
        Metrics.MetricType ownType = own.typeOf(family.getName());
        if (ownType != null && ownType != family.getType()) {
            errors.add("gathered metric family " + family.getName() + " has type " + family.getType()
                    + " but should have " + ownType);
        }
    }

    private void checkTypeAcrossGroups(
            FamilyIndex index, Metrics.MetricFamily family, Group current, List<String> errors) {
        Metrics.MetricType other = index.conflictingType(family.getName(), family.getType(), current);
        if (other != null) {
            errors.add(typeConflict(family, other));
        }
    }

    /** As the Pushgateway words it: the pushed series is not of the type the family already has. */
    public static String typeConflict(Metrics.MetricFamily family, Metrics.MetricType held) {
        String series = family.getMetricCount() > 0 ? SeriesLabels.of(family.getMetric(0)) + " " : "";
        return "collected metric \"" + family.getName() + "\" " + series + "is not a " + held;
    }

    private void checkSuffixCollisions(
            FamilyIndex index,
            Metrics.MetricFamily family,
            Map<String, Metrics.MetricFamily> pushed,
            boolean replace,
            Group current,
            List<String> errors) {
        String name = family.getName();
        for (String suffix : new String[] {"_count", "_sum", "_bucket"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                Metrics.MetricType baseType = typeAfterPush(index, base, pushed, replace, current);
                boolean collides = baseType == Metrics.MetricType.HISTOGRAM
                        || baseType == Metrics.MetricType.GAUGE_HISTOGRAM
                        || (baseType == Metrics.MetricType.SUMMARY && !suffix.equals("_bucket"));
                if (collides) {
                    errors.add("collected metric named \"" + name + "\" collides with previously collected "
                            + (baseType == Metrics.MetricType.SUMMARY ? "summary" : "histogram")
                            + " named \"" + base + "\"");
                }
            }
        }
        boolean summary = family.getType() == Metrics.MetricType.SUMMARY;
        boolean histogram = family.getType() == Metrics.MetricType.HISTOGRAM
                || family.getType() == Metrics.MetricType.GAUGE_HISTOGRAM;
        if (summary || histogram) {
            for (String suffix :
                    histogram ? new String[] {"_count", "_sum", "_bucket"} : new String[] {"_count", "_sum"}) {
                if (typeAfterPush(index, name + suffix, pushed, replace, current) != null
                        && !pushed.containsKey(name + suffix)) {
                    errors.add("collected histogram or summary named \"" + name
                            + "\" collides with previously collected metric named \"" + name + suffix + "\"");
                }
            }
        }
    }

    /** The type a family name would have in the store (or among own metrics) after the push. */
    private Metrics.MetricType typeAfterPush(
            FamilyIndex index, String name, Map<String, Metrics.MetricFamily> pushed, boolean replace, Group current) {
        Metrics.MetricFamily inPush = pushed.get(name);
        if (inPush != null) {
            return inPush.getType();
        }
        if (!replace && current != null && current.families().containsKey(name)) {
            return current.families().get(name).type();
        }
        Metrics.MetricType elsewhere = index.typeElsewhere(name, current);
        return elsewhere != null ? elsewhere : own.typeOf(name);
    }

    private void checkSeries(FamilyIndex index, Metrics.MetricFamily family, GroupKey key, List<String> errors) {
        String name = family.getName();
        Set<SeriesKey> seen = new HashSet<>();
        // Every push passes through here on the one sequencer thread: the labels as text are made
        // only for an error's message.
        for (int i = 0; i < family.getMetricCount(); i++) {
            Metrics.Metric metric = family.getMetric(i);
            String invalid = invalidLabel(metric, family.getType());
            if (invalid != null) {
                errors.add("collected metric \"" + name + "\" " + SeriesLabels.of(metric) + " " + invalid);
                continue;
            }
            if (!hasValueOfType(metric, family.getType())) {
                errors.add("collected metric \"" + name + "\" " + SeriesLabels.of(metric) + " is not a "
                        + family.getType());
                continue;
            }
            SeriesKey series = SeriesKey.of(metric);
            if (!seen.add(series) || index.otherOwner(name, series, key) != null) {
                errors.add(duplicate(name, SeriesLabels.of(metric)));
            }
        }
    }

    private String invalidLabel(Metrics.Metric metric, Metrics.MetricType type) {
        // Sanitising sorted the pairs by name, so a repeated name sits next to its twin.
        String previous = null;
        for (int i = 0; i < metric.getLabelCount(); i++) {
            Metrics.LabelPair pair = metric.getLabel(i);
            String labelName = pair.getName();
            if (labelName.equals(previous)) {
                return "has two or more labels with the same name: " + labelName;
            }
            previous = labelName;
            if (!names.isValidLabelName(labelName) || labelName.startsWith("__")) {
                return "has a label with an invalid name: " + labelName;
            }
            if (type == Metrics.MetricType.SUMMARY && labelName.equals("quantile")) {
                return "has a label named \"quantile\" which is reserved for summaries";
            }
            if ((type == Metrics.MetricType.HISTOGRAM || type == Metrics.MetricType.GAUGE_HISTOGRAM)
                    && labelName.equals("le")) {
                return "has a label named \"le\" which is reserved for histograms";
            }
        }
        return null;
    }

    private static boolean hasValueOfType(Metrics.Metric metric, Metrics.MetricType type) {
        return switch (type) {
            case COUNTER -> metric.hasCounter();
            case GAUGE -> metric.hasGauge();
            case UNTYPED -> metric.hasUntyped();
            case SUMMARY -> metric.hasSummary();
            case HISTOGRAM, GAUGE_HISTOGRAM -> metric.hasHistogram();
            default -> false;
        };
    }

    private static String duplicate(String name, Labels labels) {
        return "collected metric \"" + name + "\" " + labels
                + " was collected before with the same name and label values";
    }
}
