package io.pushgateway.cluster.security;

import java.util.Set;

/**
 * Which authenticated users may do what: the {@code access_control} section of the web config file,
 * an extension of this gateway (upstream issue #501). Without the section every user may do
 * everything, as upstream.
 *
 * @param pushUsers users who may push and delete groups; null: every user
 * @param scrapeUsers users who may read metrics, the API and the status page; null: every user
 * @param adminUsers users who may wipe and quit; null: every user
 * @param openProbes whether {@code /-/healthy} and {@code /-/ready} answer without credentials
 */
public record AccessRules(Set<String> pushUsers, Set<String> scrapeUsers, Set<String> adminUsers, boolean openProbes) {
    /** Upstream's behaviour: one password for everything, probes included. */
    public static final AccessRules EVERY_USER_EVERYTHING = new AccessRules(null, null, null, false);

    /** Whether the request needs credentials at all. */
    public boolean needsCredentials(Permission permission) {
        return !(permission == Permission.PROBE && openProbes);
    }

    /** Whether this authenticated user may do this. Probes are open to every user. */
    public boolean allows(String user, Permission permission) {
        Set<String> users = switch (permission) {
            case PUSH -> pushUsers;
            case SCRAPE -> scrapeUsers;
            case ADMIN -> adminUsers;
            case PROBE -> null;
        };
        return users == null || users.contains(user);
    }
}
