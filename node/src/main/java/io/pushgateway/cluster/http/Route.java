package io.pushgateway.cluster.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/** One path of the HTTP API with a handler per method; the handler name labels request metrics. */
record Route(String handlerName, Map<HttpMethod, Consumer<HttpServerRequest>> methods) {
    /** The Allow header of a 405 or OPTIONS answer: the methods in alphabetical order plus OPTIONS. */
    String allow() {
        TreeSet<String> names = new TreeSet<>();
        methods.keySet().forEach(m -> names.add(m.name()));
        names.add("OPTIONS");
        return String.join(", ", names);
    }
}
