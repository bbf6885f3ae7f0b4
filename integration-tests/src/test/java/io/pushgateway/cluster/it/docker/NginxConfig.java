package io.pushgateway.cluster.it.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directives of docker/nginx.conf that decide where requests go: comments removed, each
 * simple directive as its name and arguments. Blocks are found by name, without a full parser.
 */
final class NginxConfig {

    record Directive(String name, List<String> arguments) {}

    private final String text;

    private NginxConfig(String text) {
        this.text = text.replaceAll("#[^\n]*", "");
    }

    static NginxConfig ofRepository() {
        return new NginxConfig(RepositoryFiles.read("docker/nginx.conf"));
    }

    /** The simple directives directly inside the first block that opens with {@code header}, e.g. "upstream gateways". */
    List<Directive> block(String header) {
        Matcher open =
                Pattern.compile("(?m)^\\s*" + Pattern.quote(header) + "\\s*\\{").matcher(text);
        if (!open.find()) {
            throw new AssertionError("docker/nginx.conf has no block '" + header + " {'");
        }
        int depth = 1;
        int end = open.end();
        while (depth > 0) {
            char c = text.charAt(end++);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        String body = text.substring(open.end(), end - 1);
        // Nested blocks belong to their own header.
        String flat = body.replaceAll("(?s)\\{[^{}]*\\}", ";");
        List<Directive> directives = new ArrayList<>();
        for (String statement : flat.split(";")) {
            String[] words = statement.strip().split("\\s+");
            if (!words[0].isEmpty()) {
                directives.add(new Directive(words[0], List.of(words).subList(1, words.length)));
            }
        }
        return directives;
    }

    /** The arguments of every {@code name} directive directly inside the block. */
    List<List<String>> arguments(String header, String name) {
        return block(header).stream()
                .filter(d -> d.name().equals(name))
                .map(Directive::arguments)
                .toList();
    }
}
