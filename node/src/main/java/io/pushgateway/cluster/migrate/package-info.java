/**
 * The {@code import} subcommand: copies every group of a running Go Pushgateway, or of another
 * node, into a cluster through the admin import endpoint, with the push and failure times the
 * groups had at the source. A client of both gateways over HTTP (the JDK's HttpClient); it uses the
 * model and format packages for values and the store package only for the names of the conflict
 * policies, never a store itself. Runs on the command's own threads, never inside a node.
 */
package io.pushgateway.cluster.migrate;
