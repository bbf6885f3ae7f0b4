package io.pushgateway.cluster.migrate;

import java.io.PrintStream;

/**
 * How far an import is, on stderr: a bar redrawn in place on a terminal, else (a log, a pipe) a
 * plain line every tenth of the groups and at least every ten seconds.
 */
final class Progress {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final String verb;
    private long lastShown;
    private int lastTenth;

    Progress(PrintStream out, boolean terminal, int total, String verb) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.verb = verb;
        this.lastShown = System.nanoTime();
    }

    synchronized void update(Tally tally) {
        long now = System.nanoTime();
        int done = tally.done();
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (terminal) {
            if (now - lastShown >= REDRAW_NANOS || done == total) {
                int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
                out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total
                        + " groups  " + tally.counts() + " ");
                out.flush();
                lastShown = now;
            }
        } else if (tenth > lastTenth || now - lastShown >= LINE_NANOS) {
            out.println(verb + " " + done + "/" + total + " groups (" + tally.counts() + ")");
            lastShown = now;
            lastTenth = tenth;
        }
    }

    synchronized void finish() {
        if (terminal) {
            out.println();
        }
    }
}
