package io.pushgateway.cluster.store;

import io.prometheus.metrics.expositionformats.generated.Metrics;

/**
 * The names, types and help texts of the node's own metrics. A push may add series to an own
 * family only with the same type; the own help text always wins.
 */
public interface OwnFamilies {
    /** The type of the own family of that name, or null if there is none. */
    Metrics.MetricType typeOf(String name);

    /** The help of the own family of that name, or null if there is none. */
    String helpOf(String name);

    OwnFamilies NONE = new OwnFamilies() {
        @Override
        public Metrics.MetricType typeOf(String name) {
            return null;
        }

        @Override
        public String helpOf(String name) {
            return null;
        }
    };
}
