/**
 * What {@code /metrics} answers: the {@link io.pushgateway.cluster.scrape.ExpositionCache} keeps
 * every group rendered once, merged by family across groups, with each family's gzip segment, so
 * that a scrape concatenates cached bytes instead of rendering.
 *
 * <p>May import {@code model}, {@code format} and {@code store}. The cache listens to the replica:
 * {@code changed} runs on whichever thread applies a change (Hazelcast event threads, store
 * writers, reconciliation, expiry); scrapes read it on Vert.x worker threads.
 */
package io.pushgateway.cluster.scrape;
