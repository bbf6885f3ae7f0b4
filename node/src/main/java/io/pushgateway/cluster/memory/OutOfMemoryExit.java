package io.pushgateway.cluster.memory;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OutOfMemoryHandler;

/**
 * Ends the process on an {@link OutOfMemoryError}, wherever it is thrown, so that a supervisor
 * restarts the node. A JVM that ran out of heap once is not to be trusted: some thread died half
 * way through a change, and a heap that is nearly full keeps the node in back-to-back full
 * collections, answering nothing (a zombie). Hazelcast's own handler only shuts its member down,
 * which leaves the HTTP server up with no store behind it. Same exit code as the JVM's
 * {@code -XX:+ExitOnOutOfMemoryError}, which the image sets as well; this also covers plain
 * {@code java -jar}.
 */
public final class OutOfMemoryExit {
    public static final int EXIT_CODE = 3;
    private static volatile boolean installed;

    private OutOfMemoryExit() {}

    /** Installs the exit for threads that die of it and for Hazelcast's out-of-memory dispatcher. */
    public static void install() {
        installed = true;
        Hazelcast.setOutOfMemoryHandler(new OutOfMemoryHandler() {
            @Override
            public void onOutOfMemory(OutOfMemoryError error, HazelcastInstance[] instances) {
                halt(error);
            }
        });
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            haltIfOutOfMemory(error);
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        });
    }

    /**
     * Halts if {@code error} is or was caused by an out-of-memory error and the exit is installed;
     * for code that catches throwables (futures, request handlers) and would otherwise carry on.
     */
    public static void haltIfOutOfMemory(Throwable error) {
        if (!installed) {
            return;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError outOfMemory) {
                halt(outOfMemory);
            }
            if (cause.getCause() == cause) {
                return;
            }
        }
    }

    private static void halt(OutOfMemoryError error) {
        try {
            // No logger: it may need heap, and its appender threads may never run again.
            System.err.println("pushgateway-cluster: out of memory (" + error.getMessage() + "); exiting with status "
                    + EXIT_CODE + " so that the node is restarted");
            System.err.flush();
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
