/**
 * The web configuration file (Prometheus exporter-toolkit's format): parsing and validating it
 * ({@link io.pushgateway.cluster.security.WebConfigParser}), TLS settings, basic-auth users with
 * bcrypt ({@link io.pushgateway.cluster.security.PasswordVerifier}), access rules per route, and
 * reloading the file when it changes ({@link io.pushgateway.cluster.security.WebConfigWatcher}).
 *
 * <p>Imports nothing of this project but Vert.x for its threads. Parsing runs at start and, on a
 * change, on a Vert.x worker thread; bcrypt runs on its own {@code basic-auth-bcrypt} worker pool,
 * never on an event loop.
 */
package io.pushgateway.cluster.security;
