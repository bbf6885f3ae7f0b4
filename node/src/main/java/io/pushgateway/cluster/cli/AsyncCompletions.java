package io.pushgateway.cluster.cli;

/**
 * Keeps asynchronous completions on pooled threads. The JDK sizes its common pool at one thread
 * fewer than the cores, and below two it gives up on the pool: {@code CompletableFuture}'s async
 * stages, and Hazelcast's default async executor which follows the same rule, then start a new
 * thread for every completion. On one or two cores (a small machine, a container with a CPU limit)
 * that is a thread started for every batch of pushes the store writes.
 */
final class AsyncCompletions {
    static final String PARALLELISM_PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    /** The fewest threads with which the JDK and Hazelcast use the common pool. */
    static final int MIN_PARALLELISM = 2;

    private AsyncCompletions() {}

    /**
     * Raises the common pool's parallelism to {@link #MIN_PARALLELISM} unless the operator set it;
     * must run before anything uses the common pool, which reads the property once.
     */
    static void keepPooled() {
        if (System.getProperty(PARALLELISM_PROPERTY) == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(PARALLELISM_PROPERTY, Integer.toString(Math.max(MIN_PARALLELISM, cores - 1)));
        }
    }
}
