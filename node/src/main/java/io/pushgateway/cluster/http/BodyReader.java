package io.pushgateway.cluster.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body up to a limit, and undoes {@code Content-Encoding: gzip} as the Pushgateway
 * does for every route outside the API, with the limit applied after decompression too.
 */
final class BodyReader {
    /** The request failed; status and message say how. */
    static final class BodyException extends Exception {
        final int status;

        BodyException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final long maxBytes;

    BodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Future<byte[]> read(HttpServerRequest request) {
        Promise<byte[]> promise = Promise.promise();
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseLength(declared) > maxBytes) {
            return Future.failedFuture(tooLarge());
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                promise.tryFail(tooLarge());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> {
            if (!promise.future().isComplete()) {
                try {
                    promise.tryComplete(decode(request.getHeader("Content-Encoding"), body.getBytes()));
                } catch (BodyException e) {
                    promise.tryFail(e);
                }
            }
        });
        return promise.future();
    }

    private byte[] decode(String contentEncoding, byte[] body) throws BodyException {
        if (contentEncoding == null || !contentEncoding.trim().equalsIgnoreCase("gzip")) {
            return body;
        }
        // Go reads the ten header bytes first: too few is an EOF, wrong magic an invalid header.
        if (body.length < 10) {
            throw new BodyException(400, body.length == 0 ? "EOF" : "unexpected EOF");
        }
        if ((body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            throw new BodyException(400, "gzip: invalid header");
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw tooLarge();
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (EOFException e) {
            throw new BodyException(400, "unexpected EOF");
        } catch (ZipException e) {
            throw new BodyException(400, "gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new BodyException(400, "unexpected EOF");
        }
    }

    private BodyException tooLarge() {
        return new BodyException(413, "request body larger than " + maxBytes + " bytes (see --push.max-body-bytes)");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
