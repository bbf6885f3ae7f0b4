package io.pushgateway.cluster.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Status, headers and body of one answer from a gateway. */
record Response(int status, Map<String, List<String>> headers, byte[] body) {

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    /**
     * The body up to the first '{'. Error messages embed a rendering of the offending series whose
     * spelling depends on the protobuf library, so only the text before it is comparable.
     */
    String messagePrefix() {
        String text = bodyText();
        int brace = text.indexOf('{');
        return brace < 0 ? text : text.substring(0, brace);
    }
}
