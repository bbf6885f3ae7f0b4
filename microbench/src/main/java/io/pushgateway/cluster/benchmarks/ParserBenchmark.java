package io.pushgateway.cluster.benchmarks;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.pushgateway.cluster.format.BodyParseException;
import io.pushgateway.cluster.format.ProtobufDelimitedParser;
import io.pushgateway.cluster.format.TextFormatParser;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing of push bodies, text and delimited protobuf, of the same families. The score is bodies
 * per second; {@code bytes} and {@code series} (see {@link Processed}) are bytes and series per
 * second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {
    /** Series per body: 10 is a typical small push, 10000 a large one. */
    @Param({"10", "1000", "10000"})
    public int series;

    private byte[] text;
    private byte[] protobuf;

    @Setup
    public void bodies() {
        int families = Math.max(1, series / 50);
        text = PushBodies.text(families, series / families);
        protobuf = PushBodies.protobuf(text);
    }

    @Benchmark
    public Map<String, Metrics.MetricFamily> text(Processed processed) throws BodyParseException {
        processed.add(text.length, series);
        return TextFormatParser.parse(text);
    }

    @Benchmark
    public Map<String, Metrics.MetricFamily> protobuf(Processed processed) throws BodyParseException {
        processed.add(protobuf.length, series);
        return ProtobufDelimitedParser.parse(protobuf);
    }
}
