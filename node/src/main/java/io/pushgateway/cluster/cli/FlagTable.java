package io.pushgateway.cluster.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags as {@code /api/v1/status} shows them, read from picocli's model of the parsed command
 * line: every option by its long name without dashes, with the value in effect as text, as upstream
 * lists its kingpin flags. A new {@code @Option} appears here without further code.
 */
final class FlagTable {
    /** What a secret's value is shown as, as Prometheus shows secrets in its configuration. */
    static final String REDACTED = "<secret>";

    // Names of flags that hold a secret itself; a flag naming a file that holds one (-file) is not one.
    private static final Pattern SECRET_NAME = Pattern.compile(".*[.-](password|secret|token|key)");

    private FlagTable() {}

    /**
     * Every option of {@code spec} but help and version, in declaration order.
     *
     * @param effective values in effect that differ from the option's own, by long option name
     *     (derived defaults); each must name an option
     */
    static Map<String, String> values(CommandSpec spec, Map<String, String> effective) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (isShown(option)) {
                String name = option.longestName();
                String value = effective.containsKey(name) ? effective.get(name) : text(option.getValue());
                flags.put(name.replaceFirst("^-+", ""), isSecret(option) ? REDACTED : value);
            }
        }
        for (String name : effective.keySet()) {
            if (spec.findOption(name) == null) {
                throw new IllegalArgumentException("no such option: " + name);
            }
        }
        return flags;
    }

    /** Whether an option is configuration, not a request for help or the version. */
    static boolean isShown(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp();
    }

    private static boolean isSecret(OptionSpec option) {
        return option.interactive() || SECRET_NAME.matcher(option.longestName()).matches();
    }

    /** Upstream shows an unset flag as empty, and a repeated one here as its values joined by commas. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
