package io.pushgateway.cluster.migrate;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;

/** HTTP to one gateway, the source or the target of an import: its base URL, credentials and TLS. */
final class GatewayClient {
    /** An answer: status and body. */
    record Answer(int status, byte[] body) {
        String text() {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    private GatewayClient(URI base, String authorization, HttpClient http, Duration timeout) {
        this.base = base;
        this.authorization = authorization;
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * A client for the gateway at {@code url} (its route prefix included). Credentials come from the
     * arguments, else from the URL's user info.
     *
     * @throws IllegalArgumentException for a URL that is not an absolute http(s) URL with a host
     */
    static GatewayClient of(String url, String user, String password, ClientTls tls, Duration timeout)
            throws IOException, GeneralSecurityException {
        URI uri = parse(url);
        if (user == null && uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        URI base;
        try {
            base = new URI(uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!tls.isDefault()) {
            http.sslContext(tls.context());
        }
        String authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((user + ":" + (password == null ? "" : password))
                                        .getBytes(StandardCharsets.UTF_8));
        return new GatewayClient(base, authorization, http.build(), timeout);
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("not an http or https URL: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in URL: " + url);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a gateway URL has no query or fragment: " + url);
        }
        return uri;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The base URL, without credentials. */
    URI base() {
        return base;
    }

    Answer get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request);
    }

    Answer put(String pathAndQuery, byte[] body, String contentType) throws IOException, InterruptedException {
        return send(request(pathAndQuery)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(answer.statusCode(), answer.body());
    }
}
