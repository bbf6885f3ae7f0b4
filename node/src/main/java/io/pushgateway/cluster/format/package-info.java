/**
 * The exposition formats: parsers of pushed bodies (text format
 * {@link io.pushgateway.cluster.format.TextFormatParser}, delimited protobuf
 * {@link io.pushgateway.cluster.format.ProtobufDelimitedParser}) and writers of scrapes (text and
 * OpenMetrics), with the number and string formatting that makes the output byte-compatible with
 * the Go Pushgateway.
 *
 * <p>May import {@code model} only. Stateless: parsers run on Vert.x worker threads, writers on
 * whichever thread renders a scrape or a changed group.
 */
package io.pushgateway.cluster.format;
