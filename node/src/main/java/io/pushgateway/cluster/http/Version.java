package io.pushgateway.cluster.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and revision, from the properties Maven writes into the jar. */
public final class Version {
    public static final String VERSION;
    public static final String REVISION;

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/pushgateway-cluster-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Unknown version is shown as such.
        }
        VERSION = p.getProperty("version", "unknown");
        REVISION = p.getProperty("revision", "unknown");
    }

    private Version() {}
}
