package io.pushgateway.cluster.it.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The manifests {@code helm template} printed, as plain maps and lists, looked up by kind and name. */
final class RenderedChart {

    private final List<Map<String, Object>> manifests;

    private RenderedChart(List<Map<String, Object>> manifests) {
        this.manifests = manifests;
    }

    static RenderedChart parse(String text) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(text)) {
            if (document != null) {
                manifests.add(asMap(document, "manifest"));
            }
        }
        return new RenderedChart(manifests);
    }

    /** Parses one YAML document, e.g. a config file carried in a ConfigMap. */
    static Map<String, Object> parseDocument(String text) {
        return asMap(new Yaml(new LoaderOptions()).load(text), "document");
    }

    List<String> kinds() {
        return manifests.stream().map(m -> (String) m.get("kind")).toList();
    }

    List<Map<String, Object>> all(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    /** The only manifest of this kind; fails if there is none or more than one. */
    Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size() + " among " + kinds());
        }
        return found.get(0);
    }

    Map<String, Object> named(String kind, String name) {
        return all(kind).stream()
                .filter(m -> name.equals(get(m, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " among " + kinds()));
    }

    /** The gateway container of the StatefulSet's pod template. */
    Map<String, Object> container() {
        List<Object> containers = list(only("StatefulSet"), "spec", "template", "spec", "containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return asMap(containers.get(0), "container");
    }

    /** The pod spec of the StatefulSet's template. */
    Map<String, Object> podSpec() {
        return map(only("StatefulSet"), "spec", "template", "spec");
    }

    /** The name of the volume the container mounts at {@code mountPath}. */
    String volumeMountedAt(String mountPath) {
        return list(container(), "volumeMounts").stream()
                .map(m -> asMap(m, "volume mount"))
                .filter(m -> mountPath.equals(m.get("mountPath")))
                .map(m -> (String) m.get("name"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    }

    Map<String, Object> volume(String name) {
        return list(podSpec(), "volumes").stream()
                .map(v -> asMap(v, "volume"))
                .filter(v -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    int containerPort(String name) {
        return list(container(), "ports").stream()
                .map(p -> asMap(p, "port"))
                .filter(p -> name.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    @SuppressWarnings("unchecked")
    List<String> args() {
        return List.copyOf((List<String>) Objects.requireNonNull(container().get("args"), "container has no args"));
    }

    /** The container's environment; only literal values can be reproduced outside Kubernetes. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        Object entries = container().get("env");
        if (entries == null) {
            return env;
        }
        for (Object entry : (List<?>) entries) {
            Map<String, Object> variable = asMap(entry, "env entry");
            if (!variable.containsKey("value")) {
                throw new AssertionError("env entry without a literal value: " + variable);
            }
            env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
        }
        return env;
    }

    /** The value of the one {@code --NAME=VALUE} argument, or null if there is none. */
    String flag(String name) {
        List<String> values = flags(name);
        if (values.size() > 1) {
            throw new AssertionError(name + " given " + values.size() + " times: " + args());
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** The values of every {@code --NAME=VALUE} argument, in order. */
    List<String> flags(String name) {
        String prefix = name + "=";
        return args().stream()
                .filter(a -> a.startsWith(prefix))
                .map(a -> a.substring(prefix.length()))
                .toList();
    }

    /** Follows {@code keys} through nested maps; null where a key is missing. */
    static Object get(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> map(Object node, String... keys) {
        return asMap(get(node, keys), String.join(".", keys));
    }

    static List<Object> list(Object node, String... keys) {
        Object found = get(node, keys);
        if (!(found instanceof List<?>)) {
            throw new AssertionError(String.join(".", keys) + " is not a list: " + found);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) found;
        return list;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError(what + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }
}
