package io.pushgateway.cluster.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of push bodies a node holds at once, from the first byte read until the push is stored
 * or failed. A push costs many times its body in heap while it is parsed and stored
 * ({@link HeapSizing#TRANSIENT_BYTES_PER_BODY_BYTE}), so many large pushes at once could exhaust
 * the heap even though each is within the body limit; beyond this limit pushes are refused, to be
 * retried, rather than queued (a queue would hold their bodies too).
 */
public final class InflightBytes {
    public static final String FLAG = "--push.max-inflight-bytes";

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public InflightBytes(long limit) {
        this.limit = limit;
    }

    /** A new, empty claim on the budget for one request. */
    public Lease lease() {
        return new Lease();
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    private boolean tryTake(long bytes) {
        while (true) {
            long before = used.get();
            if (before + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(before, before + bytes)) {
                return true;
            }
        }
    }

    /** What one request holds; confined to the request's event loop, released once. */
    public final class Lease implements AutoCloseable {
        private long held;
        private boolean closed;

        private Lease() {}

        /** Takes {@code bytes} more; false (taking nothing) if the node's limit would be passed. */
        public boolean grow(long bytes) {
            if (closed || !tryTake(bytes)) {
                return false;
            }
            held += bytes;
            return true;
        }

        /** Takes as much as the lease holds in all at least {@code total}; false if that passes the limit. */
        public boolean growTo(long total) {
            return total <= held || grow(total - held);
        }

        /** Gives everything back; later calls do nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                used.addAndGet(-held);
                held = 0;
            }
        }

        /** The refusal a client gets when the lease cannot grow. */
        public String refusal() {
            return "too many push bodies in flight on this node (limit " + limit + " bytes, see " + FLAG
                    + "); retry later";
        }
    }
}
