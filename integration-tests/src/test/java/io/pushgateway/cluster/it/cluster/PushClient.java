package io.pushgateway.cluster.it.cluster;

import java.net.URI;

/** Single pushes, deletes and wipes through one node, as a Pushgateway client sends them. */
final class PushClient {

    private final Http http = new Http();

    static String groupPath(String job, String instance) {
        return "/metrics/job/" + job + "/instance/" + instance;
    }

    Http.Reply put(ClusterNode node, String job, String instance, String body) {
        return send("PUT", node.uri(groupPath(job, instance)), body);
    }

    Http.Reply post(ClusterNode node, String job, String instance, String body) {
        return send("POST", node.uri(groupPath(job, instance)), body);
    }

    Http.Reply delete(ClusterNode node, String job, String instance) {
        return send("DELETE", node.uri(groupPath(job, instance)), null);
    }

    /** {@code PUT /api/v1/admin/wipe}; the node must run with {@code --web.enable-admin-api}. */
    Http.Reply wipe(ClusterNode node) {
        return send("PUT", node.uri("/api/v1/admin/wipe"), null);
    }

    private Http.Reply send(String method, URI uri, String body) {
        return http.send(method, uri, body, Http.WRITE);
    }
}
