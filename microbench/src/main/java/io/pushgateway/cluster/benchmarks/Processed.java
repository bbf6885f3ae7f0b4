package io.pushgateway.cluster.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one benchmark call processed. JMH reports these counters as rates beside the score: in
 * throughput mode, {@code bytes} is bytes per second and {@code series} is series per second
 * (both printed with the unit ops/s).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Processed {
    public long bytes;
    public long series;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
        series = 0;
    }

    void add(long bytes, long series) {
        this.bytes += bytes;
        this.series += series;
    }
}
