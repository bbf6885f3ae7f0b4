package io.pushgateway.cluster.memory;

/**
 * The memory limits a node starts with.
 *
 * @param maxStoreSeries series the store may hold, over all groups; 0 to derive it from the
 *     smallest member's heap ({@link HeapSizing#seriesLimit})
 * @param maxInflightBytes bytes of push bodies this node holds at once while reading, parsing and
 *     storing them; always positive (derived from the heap when not set)
 */
public record MemoryOptions(long maxStoreSeries, long maxInflightBytes) {}
