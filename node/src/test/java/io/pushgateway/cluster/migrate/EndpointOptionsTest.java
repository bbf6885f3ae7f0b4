package io.pushgateway.cluster.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EndpointOptionsTest {
    @Test
    void sourceAndTargetEachGetTheirOwnValues() {
        CommandLine cli = new CommandLine(new ImportCommand());
        cli.parseArgs(
                "--from=https://old:9091",
                "--to=https://new:9091",
                "--from-user=reader",
                "--from-password-file=/run/reader",
                "--from-insecure-skip-verify",
                "--to-ca-file=/etc/ca.pem",
                "--to-cert-file=/etc/client.pem",
                "--to-key-file=/etc/client.key");
        assertEquals(
                new EndpointOptions("reader", Path.of("/run/reader"), new ClientTls(null, null, null, true)),
                EndpointOptions.of(cli.getCommandSpec(), "--from"));
        assertEquals(
                new EndpointOptions(
                        null,
                        null,
                        new ClientTls(
                                Path.of("/etc/ca.pem"), Path.of("/etc/client.pem"), Path.of("/etc/client.key"), false)),
                EndpointOptions.of(cli.getCommandSpec(), "--to"));
    }

    @Test
    void helpListsBothSidesOptionsEachSayingWhichGatewayItIsFor() {
        String help = new CommandLine(new ImportCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String side : List.of("from", "to")) {
            String role = side.equals("from") ? "source" : "target";
            for (String line : List.of(
                    "--" + side + "-user=USER",
                    "Basic auth user for the " + role,
                    "--" + side + "-password-file=FILE",
                    "File holding the " + role + "'s password.",
                    "--" + side + "-ca-file=FILE",
                    "PEM CA certificates to trust for the " + role + ".",
                    "--" + side + "-cert-file=FILE",
                    "PEM client certificate for the " + role + ".",
                    "--" + side + "-key-file=FILE",
                    "PEM (PKCS#8) key of --" + side + "-cert-file.",
                    "--" + side + "-insecure-skip-verify",
                    "Do not verify the " + role + "'s certificate.")) {
                assertTrue(help.contains(line), line + " in:\n" + help);
            }
        }
        assertTrue(help.contains("Basic auth user for the target (an admin)."), help);
        assertTrue(
                help.strip().endsWith("Print version information and exit."), "help and version stay last:\n" + help);
    }
}
