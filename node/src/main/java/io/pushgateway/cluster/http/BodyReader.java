package io.pushgateway.cluster.http;

import io.airlift.compress.snappy.SnappyFramedInputStream;
import io.pushgateway.cluster.memory.InflightBytes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body up to a limit and within a time, and undoes {@code Content-Encoding: gzip}
 * or {@code snappy} as the Pushgateway does for every route outside the API, with the limit applied
 * after decompression too.
 */
final class BodyReader {
    /** The request failed; status and message say how. */
    static final class BodyException extends Exception {
        final int status;
        /** The client is not sending its request properly; the connection is closed after the answer. */
        final boolean closeConnection;

        BodyException(int status, String message) {
            this(status, message, false);
        }

        BodyException(int status, String message, boolean closeConnection) {
            super(message, null, false, false);
            this.status = status;
            this.closeConnection = closeConnection;
        }
    }

    private final Vertx vertx;
    private final long maxBytes;
    private final Duration readTimeout;

    BodyReader(Vertx vertx, long maxBytes, Duration readTimeout) {
        this.vertx = vertx;
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
    }

    Future<byte[]> read(HttpServerRequest request) {
        return read(request, true, null);
    }

    /**
     * Reads a push body, holding its bytes (as received, or decompressed if more) on the node's
     * in-flight budget; refused with 503 when the budget is spent. The caller closes the lease once
     * the push is done with.
     */
    Future<byte[]> read(HttpServerRequest request, InflightBytes.Lease lease) {
        return read(request, true, lease);
    }

    /**
     * Reads a body no handler uses. Only gzip is checked: upstream opens the gzip stream before
     * routing, but decodes snappy only as a handler reads it, so a DELETE never looks at it.
     */
    Future<byte[]> discard(HttpServerRequest request) {
        return read(request, false, null);
    }

    private Future<byte[]> read(HttpServerRequest request, boolean decodeSnappy, InflightBytes.Lease lease) {
        Promise<byte[]> promise = Promise.promise();
        String declared = request.getHeader("Content-Length");
        long length = declared == null ? -1 : parseLength(declared);
        if (length > maxBytes) {
            return Future.failedFuture(tooLarge(maxBytes));
        }
        if (lease != null && length > 0 && !lease.grow(length)) {
            return Future.failedFuture(busy(lease));
        }
        // The idle timeout alone would let a client trickle one byte at a time forever.
        long timer = vertx.setTimer(
                readTimeout.toMillis(),
                id -> promise.tryFail(new BodyException(
                        408,
                        "request body not complete within " + readTimeout.toSeconds() + "s (see --web.read-timeout)",
                        true)));
        promise.future().onComplete(done -> vertx.cancelTimer(timer));
        // A declared length is read straight into an array of that size: no growing copies, no final one.
        ReceivedBytes body = new ReceivedBytes(length > 0 ? (int) length : 0);
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                promise.tryFail(tooLarge(maxBytes));
                return;
            }
            if (lease != null && !lease.growTo(body.length() + chunk.length())) {
                promise.tryFail(busy(lease));
                return;
            }
            body.append(chunk);
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> {
            if (promise.future().isComplete()) {
                return;
            }
            String coding = request.getHeader("Content-Encoding");
            if (coding == null || coding.isBlank()) {
                promise.tryComplete(body.bytes());
                return;
            }
            // Decompressing up to the body limit takes long enough to stall every connection of the loop.
            vertx.executeBlocking(
                            () -> {
                                byte[] decoded = decode(coding, body.bytes(), maxBytes, decodeSnappy);
                                // The larger of the two: a body within the limit must fit alone, whatever its coding.
                                if (lease != null && !lease.growTo(decoded.length)) {
                                    throw busy(lease);
                                }
                                return decoded;
                            },
                            false)
                    .onComplete(decoded -> {
                        if (decoded.succeeded()) {
                            promise.tryComplete(decoded.result());
                        } else {
                            promise.tryFail(decoded.cause());
                        }
                    });
        });
        return promise.future();
    }

    /** The bytes of a body as they arrive: into an array of the declared length, else a growing buffer. */
    private static final class ReceivedBytes {
        private final byte[] declared;
        private final Buffer undeclared;
        private int length;

        ReceivedBytes(int declaredLength) {
            declared = declaredLength > 0 ? new byte[declaredLength] : null;
            undeclared = declaredLength > 0 ? null : Buffer.buffer();
        }

        int length() {
            return length;
        }

        void append(Buffer chunk) {
            if (declared != null && length + chunk.length() <= declared.length) {
                chunk.getBytes(0, chunk.length(), declared, length);
            } else if (undeclared != null) {
                undeclared.appendBuffer(chunk);
            }
            // More than declared cannot happen: the HTTP decoder ends the body at Content-Length.
            length += chunk.length();
        }

        byte[] bytes() {
            if (undeclared != null) {
                return undeclared.getBytes();
            }
            return length == declared.length ? declared : java.util.Arrays.copyOf(declared, length);
        }
    }

    /** The body as a push handler sees it: as sent, gunzipped or unsnappied, never over {@code maxBytes}. */
    static byte[] decode(String contentEncoding, byte[] body, long maxBytes) throws BodyException {
        return decode(contentEncoding, body, maxBytes, true);
    }

    private static byte[] decode(String contentEncoding, byte[] body, long maxBytes, boolean decodeSnappy)
            throws BodyException {
        String coding = contentEncoding == null ? "" : contentEncoding.trim();
        if (coding.equalsIgnoreCase("gzip")) {
            return gunzip(body, maxBytes);
        }
        if (decodeSnappy && coding.equalsIgnoreCase("snappy")) {
            return unsnappy(body, maxBytes);
        }
        return body;
    }

    private static byte[] gunzip(byte[] body, long maxBytes) throws BodyException {
        // Go reads the ten header bytes first: too few is an EOF, wrong magic an invalid header.
        if (body.length < 10) {
            throw new BodyException(400, body.length == 0 ? "EOF" : "unexpected EOF");
        }
        if ((body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            throw new BodyException(400, "gzip: invalid header");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return readLimited(in, body.length, maxBytes);
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
    private static byte[] unsnappy(byte[] body, long maxBytes) throws BodyException {
        if (body.length == 0) {
            return body;
        }
        try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(body), true)) {
            return readLimited(in, body.length, maxBytes);
        } catch (IOException | RuntimeException e) {
            // Go's reader answers every malformed stream with this one error.
            throw new BodyException(400, "snappy: corrupt input");
        }
    }

    /** Reads a decompressing stream to its end, failing as soon as it passes the body limit. */
    private static byte[] readLimited(InputStream in, int compressedLength, long maxBytes)
            throws IOException, BodyException {
        // Room for typical ratios, but never more than the limit: a bomb must not reserve memory up front.
        int guess = (int) Math.min(Math.min(maxBytes, Integer.MAX_VALUE - 8), Math.max(64L, compressedLength * 4L));
        ByteArrayOutputStream out = new ByteArrayOutputStream(guess);
        byte[] chunk = new byte[16384];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (out.size() + (long) n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static BodyException busy(InflightBytes.Lease lease) {
        return new BodyException(503, lease.refusal());
    }

    private static BodyException tooLarge(long maxBytes) {
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
