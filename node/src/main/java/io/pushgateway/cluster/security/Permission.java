package io.pushgateway.cluster.security;

/** What a request does, for deciding which users may send it. */
public enum Permission {
    /** PUT, POST and DELETE of groups under {@code /metrics/job}. */
    PUSH,
    /** Reading: the scrape, the JSON API, the status page. */
    SCRAPE,
    /** Wiping every group and shutting the node down. */
    ADMIN,
    /** {@code /-/healthy} and {@code /-/ready}, which load balancers poll. */
    PROBE
}
