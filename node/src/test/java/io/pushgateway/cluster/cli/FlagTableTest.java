package io.pushgateway.cluster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class FlagTableTest {
    @Command(name = "example", mixinStandardHelpOptions = true)
    static final class Example {
        @Option(names = "--db.password")
        String password;

        @Option(names = "--db.password-file")
        String passwordFile;

        @Option(names = "--api.token", defaultValue = "t0k3n")
        String token;

        @Option(names = "--api.key")
        String key;

        @Option(names = "--tls.key-file")
        String keyFile;

        @Option(
                names = {"-n", "--name"},
                defaultValue = "gw")
        String name;

        @Option(names = "--peer")
        List<String> peers;

        @Option(names = "--verbose")
        boolean verbose;

        @Option(names = "--limit")
        Integer limit;
    }

    private static CommandLine.Model.CommandSpec parsed(String... args) {
        CommandLine cli = new CommandLine(new Example());
        cli.parseArgs(args);
        return cli.getCommandSpec();
    }

    @Test
    void everyOptionButHelpAndVersionByLongNameWithItsValueAsText() {
        assertEquals(
                Map.of(
                        "db.password",
                        FlagTable.REDACTED,
                        "db.password-file",
                        "/run/pw",
                        "api.token",
                        FlagTable.REDACTED,
                        "api.key",
                        FlagTable.REDACTED,
                        "tls.key-file",
                        "/run/tls.key",
                        "name",
                        "gw",
                        "peer",
                        "a:1,b:2",
                        "verbose",
                        "true",
                        "limit",
                        ""),
                FlagTable.values(
                        parsed(
                                "--db.password-file=/run/pw",
                                "--peer=a:1",
                                "--peer=b:2",
                                "--verbose",
                                "--api.key=k",
                                "--tls.key-file=/run/tls.key"),
                        Map.of()));
    }

    @Test
    void aSecretIsRedactedEvenWhenUnsetSoItsPresenceIsNotTold() {
        assertEquals(
                FlagTable.REDACTED,
                FlagTable.values(parsed("--db.password=hunter2"), Map.of()).get("db.password"));
        assertEquals(FlagTable.REDACTED, FlagTable.values(parsed(), Map.of()).get("db.password"));
    }

    @Test
    void aDerivedValueInEffectReplacesTheOptionsOwnAndMustNameAnOption() {
        assertEquals(
                "derived",
                FlagTable.values(parsed(), Map.of("--limit", "derived")).get("limit"));
        assertThrows(IllegalArgumentException.class, () -> FlagTable.values(parsed(), Map.of("--limits", "1")));
    }
}
