package io.pushgateway.cluster.http;

import io.airlift.compress.snappy.SnappyFramedInputStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body up to a limit, and undoes {@code Content-Encoding: gzip} or {@code snappy} as
 * the Pushgateway does for every route outside the API, with the limit applied after decompression
 * too.
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
        return read(request, true);
    }

    /**
     * Reads a body no handler uses. Only gzip is checked: upstream opens the gzip stream before
     * routing, but decodes snappy only as a handler reads it, so a DELETE never looks at it.
     */
    Future<byte[]> discard(HttpServerRequest request) {
        return read(request, false);
    }

    private Future<byte[]> read(HttpServerRequest request, boolean decodeSnappy) {
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
                    promise.tryComplete(decode(request.getHeader("Content-Encoding"), body.getBytes(), decodeSnappy));
                } catch (BodyException e) {
                    promise.tryFail(e);
                }
            }
        });
        return promise.future();
    }

    private byte[] decode(String contentEncoding, byte[] body, boolean decodeSnappy) throws BodyException {
        String coding = contentEncoding == null ? "" : contentEncoding.trim();
        if (coding.equalsIgnoreCase("gzip")) {
            return gunzip(body);
        }
        if (decodeSnappy && coding.equalsIgnoreCase("snappy")) {
            return unsnappy(body);
        }
        return body;
    }

    private byte[] gunzip(byte[] body) throws BodyException {
        // Go reads the ten header bytes first: too few is an EOF, wrong magic an invalid header.
        if (body.length < 10) {
            throw new BodyException(400, body.length == 0 ? "EOF" : "unexpected EOF");
        }
        if ((body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            throw new BodyException(400, "gzip: invalid header");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return readLimited(in, body.length);
        } catch (EOFException e) {
            throw new BodyException(400, "unexpected EOF");
        } catch (ZipException e) {
            throw new BodyException(400, "gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new BodyException(400, "unexpected EOF");
        }
    }

    /**
     * The snappy framing format (stream identifier, then checksummed chunks), which upstream reads
     * with Go's {@code snappy.NewReader}; raw block snappy is not accepted there either. An empty
     * body is an empty stream, as in Go.
     */
    private byte[] unsnappy(byte[] body) throws BodyException {
        if (body.length == 0) {
            return body;
        }
        try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(body), true)) {
            return readLimited(in, body.length);
        } catch (IOException | RuntimeException e) {
            // Go's reader answers every malformed stream with this one error.
            throw new BodyException(400, "snappy: corrupt input");
        }
    }

    /** Reads a decompressing stream to its end, failing as soon as it passes the body limit. */
    private byte[] readLimited(InputStream in, int compressedLength) throws IOException, BodyException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, Math.max(64L, compressedLength * 4L)));
        byte[] chunk = new byte[16384];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (out.size() + n > maxBytes) {
                throw tooLarge();
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
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
