package io.pushgateway.cluster.it.docker;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/** docker/compose.yaml as Compose reads it (YAML anchors and merge keys resolved). */
final class ComposeFile {

    /** The image the Dockerfile's documented build command tags, and compose builds and runs. */
    static final String NODE_IMAGE = "ghcr.io/pushgateway-cluster/pushgateway-cluster:0.1.0";

    private final Map<String, Object> services;

    private ComposeFile(Map<String, Object> services) {
        this.services = services;
    }

    static ComposeFile ofRepository() {
        Map<String, Object> document = new Yaml().load(RepositoryFiles.read("docker/compose.yaml"));
        return new ComposeFile(map(document.get("services"), "services"));
    }

    Map<String, Object> services() {
        return services;
    }

    Map<String, Object> service(String name) {
        return map(services.get(name), "services." + name);
    }

    /** The services that run the gateway image, by name, sorted. */
    Map<String, Map<String, Object>> nodeServices() {
        Map<String, Map<String, Object>> nodes = new TreeMap<>();
        services.keySet().forEach(name -> {
            if (NODE_IMAGE.equals(service(name).get("image"))) {
                nodes.put(name, service(name));
            }
        });
        return nodes;
    }

    /** The service's {@code command}, which must be a list (one flag per entry). */
    List<String> command(String name) {
        return strings(service(name).get("command"), "services." + name + ".command");
    }

    /**
     * The service's {@code ports}, in the short syntax, e.g. {@code 127.0.0.1:9092:9091}, with each
     * {@code ${VARIABLE:-default}} replaced by its default, as Compose does where the variable is unset.
     */
    List<String> ports(String name) {
        Object ports = service(name).get("ports");
        return ports == null
                ? List.of()
                : strings(ports, "services." + name + ".ports").stream()
                        .map(port -> port.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}", "$1"))
                        .toList();
    }

    static List<String> strings(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new AssertionError(where + " is not a list: " + value);
        }
        return list.stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError(where + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }
}
