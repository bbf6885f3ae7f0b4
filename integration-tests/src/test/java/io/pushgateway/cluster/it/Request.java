package io.pushgateway.cluster.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request to a gateway: method, raw path (sent exactly as written, percent escapes
 * included), headers in order, and body bytes. Immutable; the {@code with...} methods copy.
 */
record Request(String method, String path, List<Header> headers, byte[] body) {

    static final String PROTOBUF_DELIMITED =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    record Header(String name, String value) {}

    Request {
        headers = List.copyOf(headers);
    }

    static Request put(String path, String textBody) {
        return new Request("PUT", path, List.of(), utf8(textBody));
    }

    static Request post(String path, String textBody) {
        return new Request("POST", path, List.of(), utf8(textBody));
    }

    static Request put(String path, byte[] body) {
        return new Request("PUT", path, List.of(), body);
    }

    static Request post(String path, byte[] body) {
        return new Request("POST", path, List.of(), body);
    }

    static Request delete(String path) {
        return new Request("DELETE", path, List.of(), new byte[0]);
    }

    static Request get(String path) {
        return new Request("GET", path, List.of(), new byte[0]);
    }

    static Request of(String method, String path) {
        return new Request(method, path, List.of(), new byte[0]);
    }

    Request withHeader(String name, String value) {
        List<Header> copy = new ArrayList<>(headers);
        copy.add(new Header(name, value));
        return new Request(method, path, copy, body);
    }

    Request withProtobufContentType() {
        return withHeader("Content-Type", PROTOBUF_DELIMITED);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(method).append(' ').append(path);
        for (Header header : headers) {
            text.append(" [")
                    .append(header.name())
                    .append(": ")
                    .append(header.value())
                    .append(']');
        }
        return text.append(" (").append(body.length).append(" body bytes)").toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
