package io.pushgateway.cluster.it.docker;

import io.pushgateway.cluster.it.cluster.MiniJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile as the builder reads them: comment lines dropped, continued
 * lines joined, each instruction split into its keyword and its arguments. Enough of the syntax
 * for the Dockerfile in docker/, which uses the exec (JSON) form for its commands.
 */
final class DockerfileInstructions {

    /** One instruction, e.g. {@code EXPOSE} with arguments {@code 9091 5701}; stage counts FROMs, from 0. */
    record Instruction(int stage, String keyword, String arguments) {

        /** The arguments as whitespace-separated words. */
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    private final List<Instruction> instructions;

    private DockerfileInstructions(List<Instruction> instructions) {
        this.instructions = List.copyOf(instructions);
    }

    static DockerfileInstructions parse(String text) {
        List<Instruction> parsed = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String instruction = pending.toString().strip();
            pending.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            parsed.add(new Instruction(stage, keyword, parts.length > 1 ? parts[1] : ""));
        }
        return new DockerfileInstructions(parsed);
    }

    static DockerfileInstructions ofRepository() {
        return parse(RepositoryFiles.read("docker/Dockerfile"));
    }

    int lastStage() {
        return instructions.get(instructions.size() - 1).stage();
    }

    /** The instructions with this keyword, in order, of one stage. */
    List<Instruction> all(int stage, String keyword) {
        return instructions.stream()
                .filter(i -> i.stage() == stage && i.keyword().equals(keyword))
                .toList();
    }

    /** The one instruction with this keyword in the image's (last) stage; fails if there is not exactly one. */
    Instruction only(String keyword) {
        List<Instruction> found = all(lastStage(), keyword);
        if (found.size() != 1) {
            throw new AssertionError(
                    "expected one " + keyword + " in the final stage of docker/Dockerfile, found " + found);
        }
        return found.get(0);
    }

    /** The image the given stage starts from, e.g. {@code eclipse-temurin:17-jre}. */
    String baseImage(int stage) {
        return all(stage, "FROM").get(0).words().get(0);
    }

    /**
     * The value an ENV instruction of the final stage gives {@code name} (the {@code name=value}
     * form, value optionally in double quotes without escapes); fails if none does.
     */
    String env(String name) {
        Pattern assignment = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(\"[^\"]*\"|\\S*)");
        for (Instruction env : all(lastStage(), "ENV")) {
            Matcher value = assignment.matcher(env.arguments());
            if (value.find()) {
                return value.group(1).replaceAll("^\"|\"$", "");
            }
        }
        throw new AssertionError("no ENV " + name + "= in the final stage of docker/Dockerfile");
    }

    /** Ports of the final stage's EXPOSE instructions. */
    List<Integer> exposedPorts() {
        return all(lastStage(), "EXPOSE").stream()
                .flatMap(i -> i.words().stream())
                .map(port -> Integer.parseInt(port.replace("/tcp", "")))
                .toList();
    }

    /** The ENTRYPOINT, which must be in exec form. */
    List<String> entrypoint() {
        return execForm(only("ENTRYPOINT").arguments());
    }

    /** The command of the HEALTHCHECK, which must be {@code CMD} in exec form. */
    List<String> healthcheckCommand() {
        String arguments = only("HEALTHCHECK").arguments();
        int cmd = arguments.indexOf("CMD ");
        if (cmd < 0) {
            throw new AssertionError("HEALTHCHECK without CMD: " + arguments);
        }
        return execForm(arguments.substring(cmd + 4));
    }

    /** The COPY instructions of one stage, in order. */
    List<Instruction> copies(int stage) {
        return all(stage, "COPY");
    }

    /**
     * Sources that COPY instructions take from the build context (not from another stage), relative
     * to the context: the files a build of this Dockerfile needs.
     */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (Instruction copy : instructions) {
            if (!copy.keyword().equals("COPY") || copy.arguments().startsWith("--from=")) {
                continue;
            }
            List<String> words = copy.words();
            for (String word : words.subList(0, words.size() - 1)) {
                if (!word.startsWith("--")) {
                    sources.add(word.endsWith("/") ? word.substring(0, word.length() - 1) : word);
                }
            }
        }
        return sources;
    }

    private static List<String> execForm(String json) {
        Object parsed = MiniJson.parse(json.strip());
        if (!(parsed instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new AssertionError("not the exec form (a JSON array of strings): " + json);
        }
        return list.stream().map(String.class::cast).toList();
    }
}
