/**
 * The HTTP API, wire-compatible with the Go Pushgateway: the server and its route table
 * ({@link io.pushgateway.cluster.http.GatewayHttpServer},
 * {@link io.pushgateway.cluster.http.Dispatcher}), one handler per concern (push, delete, scrape,
 * JSON API, admin, import, lifecycle, UI), request body limits, access checks, the probe listener,
 * and the node's own metrics ({@link io.pushgateway.cluster.http.NodeMetrics}).
 *
 * <p>May import {@code model}, {@code format}, {@code store} (the contract only), {@code scrape},
 * {@code memory}, {@code persistence} (its statistics) and {@code security}; never Hazelcast, the
 * store's implementation or {@code cli}: its settings come as
 * {@link io.pushgateway.cluster.http.ServerOptions} (checked by {@code PackageDependenciesTest}).
 * Handlers run on Vert.x event loops and never block there: parsing, rendering and JSON of many
 * groups go to Vert.x worker threads ({@code executeBlocking}); store calls are asynchronous and
 * complete on store threads.
 */
package io.pushgateway.cluster.http;
