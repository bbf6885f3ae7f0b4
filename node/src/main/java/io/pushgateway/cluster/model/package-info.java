/**
 * The values every other package speaks in: group keys and their URL paths
 * ({@link io.pushgateway.cluster.model.GroupKey}, {@link io.pushgateway.cluster.model.GroupKeyPath}),
 * label sets, metric and label name rules and escaping schemes, Prometheus durations.
 *
 * <p>Imports nothing of this project (checked by {@code PackageDependenciesTest}). Immutable values
 * and pure functions: any thread may use them.
 */
package io.pushgateway.cluster.model;
