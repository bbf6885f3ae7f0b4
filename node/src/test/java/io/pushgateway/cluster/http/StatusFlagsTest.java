package io.pushgateway.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgateway.cluster.cli.Main;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code data.flags} of {@code /api/v1/status}: every flag of the command, as upstream lists its flags. */
class StatusFlagsTest {
    @Test
    void everyOptionOfTheCommandIsListedWithAStringValue() throws Exception {
        try (TestNode node = TestNode.start("--web.enable-openmetrics")) {
            JsonObject flags = new JsonObject(
                            node.send("GET", "/api/v1/status", null).body())
                    .getJsonObject("data")
                    .getJsonObject("flags");
            Set<String> options = new TreeSet<>();
            for (CommandLine.Model.OptionSpec option :
                    new CommandLine(new Main()).getCommandSpec().options()) {
                if (!option.usageHelp() && !option.versionHelp()) {
                    options.add(option.longestName().replaceFirst("^--", ""));
                }
            }
            assertEquals(
                    options, new TreeSet<>(flags.fieldNames()), "flag names without dashes, nothing missing or extra");
            for (String name : flags.fieldNames()) {
                assertTrue(
                        flags.getValue(name) instanceof String, name + " is a string, as upstream: " + flags.encode());
            }
            assertEquals("true", flags.getString("web.enable-openmetrics"));
            assertEquals("127.0.0.1:0", flags.getString("web.listen-address"));
            assertEquals("/metrics", flags.getString("web.telemetry-path"), "a default");
        }
    }
}
