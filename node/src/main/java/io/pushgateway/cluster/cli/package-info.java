/**
 * The command line and the wiring: {@link io.pushgateway.cluster.cli.Main} parses the flags into a
 * {@link io.pushgateway.cluster.cli.Config} (or runs the {@code import} subcommand), and
 * {@link io.pushgateway.cluster.cli.Node} builds a node from it: the Hazelcast member, the store and
 * its replica, the exposition cache, persistence, the HTTP server, and its own schedulers. Also the
 * one-line log format.
 *
 * <p>May import every package of the project; nothing imports this one. {@code Main} runs on the
 * main thread and the shutdown hook; a node starts on its {@code node-start} thread and owns three
 * single-thread schedulers: {@code replica-reconciliation} (reconciliation and the claim janitor,
 * which may wait on the network), {@code group-expiry} (deadlines, ten times a second, never
 * waiting) and {@code member-status} (publishing this member's status).
 */
package io.pushgateway.cluster.cli;
