package io.pushgateway.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.it.docker.RepositoryFiles;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The jar's command line as a user meets it: help, version, and a bad flag value. */
class HelpAndVersionTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern HELP_OPTION = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z0-9.-]+)");

    @Test
    void helpListsEveryFlagAndTheReadmeDocumentsEachOfThem() throws Exception {
        ImportRun help = ImportRun.jar(TIMEOUT_SECONDS, List.of("--help"));
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.stdout().contains("--cluster.advertise-address=HOST[:PORT]"), help::toString);
        String readme = RepositoryFiles.read("README.md");
        Matcher option = HELP_OPTION.matcher(help.stdout());
        int flags = 0;
        while (option.find()) {
            flags++;
            assertTrue(readme.contains("`" + option.group(1) + "`"), option.group(1) + " is not in README.md");
        }
        assertTrue(flags > 40, "every flag found in:\n" + help.stdout());
    }

    @Test
    void versionIsOneLine() throws Exception {
        ImportRun version = ImportRun.jar(TIMEOUT_SECONDS, List.of("--version"));
        assertEquals(0, version.exitCode(), version::toString);
        assertEquals(1, version.stdout().lines().count(), version::toString);
        assertTrue(version.stdout().startsWith("pushgateway-cluster, version "), version::toString);
    }

    @Test
    void aBadAdvertisedAddressEndsTheStartWithExitCode2AndOneLineNamingTheFlag() throws Exception {
        ImportRun bad = ImportRun.jar(
                TIMEOUT_SECONDS,
                List.of(
                        "--web.listen-address=127.0.0.1:0",
                        "--cluster.listen-address=127.0.0.1:" + FreePort.pick(),
                        "--cluster.advertise-address=::1:5701"));
        assertEquals(2, bad.exitCode(), bad::toString);
        assertEquals(
                List.of("pushgateway-cluster: error: --cluster.advertise-address \"::1:5701\": an IPv6 address must "
                        + "be in brackets; expected HOST or HOST:PORT, IPv6 as [::1]:5701 (see --help)"),
                bad.stderr().lines().toList());
    }

    @Test
    void importHelpListsTheSourcesAndTheTargetsOptions() throws Exception {
        ImportRun help = ImportRun.jar(TIMEOUT_SECONDS, List.of("import", "--help"));
        assertEquals(0, help.exitCode(), help::toString);
        for (String side : List.of("--from", "--to")) {
            for (String suffix : List.of(
                    "-user=USER",
                    "-password-file=FILE",
                    "-ca-file=FILE",
                    "-cert-file=FILE",
                    "-key-file=FILE",
                    "-insecure-skip-verify")) {
                assertTrue(help.stdout().contains(side + suffix), side + suffix + " in:\n" + help.stdout());
            }
        }
    }
}
