package io.pushgateway.cluster.memory;

/**
 * The defaults a node derives from a maximum heap size, and the estimates they rest on. All of them
 * are documented in the README's Memory section; change both together.
 */
public final class HeapSizing {
    private static final long MIB = 1024 * 1024;

    /** Share of the heap the stored series may take; the rest is for pushes in flight, scrapes and the JVM. */
    public static final double STORE_HEAP_FRACTION = 0.4;
    /**
     * Heap one stored series is assumed to take on every node, above the empty node: the replica's
     * copy, the map's entry and backup, and the scrape cache (bench/RESULTS.md measures 600 to 1,100
     * bytes depending on the series per group; this errs on the safe side).
     */
    public static final long BYTES_PER_SERIES = 1024;
    /** Share of the heap the pushes being read, parsed and stored on one node may take together. */
    public static final double INFLIGHT_HEAP_FRACTION = 0.25;
    /**
     * Heap a push takes while it is parsed and stored, per byte of its (decompressed) body: the
     * parsed messages, their sanitised copies, the serialised entry processor and the stored
     * encoding (measured about 30 for text bodies of short series; see bench/RESULTS.md).
     */
    public static final int TRANSIENT_BYTES_PER_BODY_BYTE = 32;
    /** The default body limit on a heap large enough for it, as the Go Pushgateway has none but HTTP's. */
    public static final long LARGEST_DEFAULT_BODY_BYTES = 64 * MIB;
    /** The smallest heap the README recommends; the limits derived from it keep a node of that size alive. */
    public static final long SMALLEST_RECOMMENDED_HEAP_BYTES = 256 * MIB;

    private HeapSizing() {}

    /** This JVM's maximum heap ({@code -Xmx}, or the JVM's default share of the machine's or container's memory). */
    public static long ownMaxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** The series a store may hold when its smallest member has this maximum heap. */
    public static long seriesLimit(long maxHeapBytes) {
        return Math.max(1, (long) (maxHeapBytes * STORE_HEAP_FRACTION) / BYTES_PER_SERIES);
    }

    /** Bytes of push bodies one node may hold in flight with this maximum heap. */
    public static long inflightBytes(long maxHeapBytes) {
        return Math.max(64 * 1024, (long) (maxHeapBytes * INFLIGHT_HEAP_FRACTION) / TRANSIENT_BYTES_PER_BODY_BYTE);
    }

    /** The default body limit for this maximum heap: what the in-flight budget holds, at most 64 MiB. */
    public static long bodyBytes(long maxHeapBytes) {
        return Math.min(LARGEST_DEFAULT_BODY_BYTES, inflightBytes(maxHeapBytes));
    }
}
