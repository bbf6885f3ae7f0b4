/**
 * How much heap a node lets the store and the pushes in flight take, so that a full store refuses
 * pushes with an answer instead of running out of memory: the sizing derived from the heap
 * ({@link io.pushgateway.cluster.memory.HeapSizing}), the series budget every node applies alike
 * ({@link io.pushgateway.cluster.memory.SeriesBudget}), the per-node limit on push bodies in flight
 * ({@link io.pushgateway.cluster.memory.InflightBytes}), and the exit on an out-of-memory error
 * ({@link io.pushgateway.cluster.memory.OutOfMemoryExit}).
 *
 * <p>May import {@code store}; nothing here imports {@code http}. Budgets are read on event loops
 * and store threads alike: every method is non-blocking and thread-safe.
 */
package io.pushgateway.cluster.memory;
