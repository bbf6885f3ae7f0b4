package io.pushgateway.cluster.migrate;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Basic auth and TLS of one gateway an import talks to, as its options give them. The options are
 * declared once, here, and added to the command twice as a mixin: {@code --from-user} ... for the
 * source, {@code --to-user} ... for the target. Picocli's annotations cannot put a prefix on a
 * mixin's option names, so the mixin is built with its programmatic API.
 *
 * @param user basic auth user, or null
 * @param passwordFile file holding the password of {@code user}, or null
 * @param tls the certificates to trust and present
 */
record EndpointOptions(String user, Path passwordFile, ClientTls tls) {
    private static final String USER = "-user";
    private static final String PASSWORD_FILE = "-password-file";
    private static final String CA_FILE = "-ca-file";
    private static final String CERT_FILE = "-cert-file";
    private static final String KEY_FILE = "-key-file";
    private static final String INSECURE = "-insecure-skip-verify";

    /**
     * The options of one endpoint as a mixin, each named {@code flag} and a suffix.
     *
     * @param flag the option naming the endpoint's URL, e.g. {@code --from}
     * @param role what the endpoint is, for descriptions: {@code source} or {@code target}
     * @param userNote said of the user after the role, e.g. that it must be an admin
     */
    static CommandSpec mixin(String flag, String role, String userNote) {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(option(flag + USER, String.class, "USER", "Basic auth user for the " + role + userNote + "."));
        mixin.addOption(option(flag + PASSWORD_FILE, Path.class, "FILE", "File holding the " + role + "'s password."));
        mixin.addOption(
                option(flag + CA_FILE, Path.class, "FILE", "PEM CA certificates to trust for the " + role + "."));
        mixin.addOption(option(flag + CERT_FILE, Path.class, "FILE", "PEM client certificate for the " + role + "."));
        mixin.addOption(option(flag + KEY_FILE, Path.class, "FILE", "PEM (PKCS#8) key of " + flag + CERT_FILE + "."));
        mixin.addOption(OptionSpec.builder(flag + INSECURE)
                .type(boolean.class)
                .initialValue(false)
                .description("Do not verify the " + role + "'s certificate.")
                .build());
        return mixin;
    }

    /** The values the parsed command line gave the options {@link #mixin} declared for {@code flag}. */
    static EndpointOptions of(CommandSpec command, String flag) {
        return new EndpointOptions(
                command.findOption(flag + USER).getValue(),
                path(command, flag + PASSWORD_FILE),
                new ClientTls(
                        path(command, flag + CA_FILE),
                        path(command, flag + CERT_FILE),
                        path(command, flag + KEY_FILE),
                        command.findOption(flag + INSECURE).<Boolean>getValue()));
    }

    private static OptionSpec option(String name, Class<?> type, String paramLabel, String description) {
        return OptionSpec.builder(name)
                .type(type)
                .paramLabel(paramLabel)
                .description(description)
                .build();
    }

    private static Path path(CommandSpec command, String name) {
        return command.findOption(name).getValue();
    }
}
