package io.hashstream.bench.index;

import io.hashstream.bench.index.BenchmarkData.Impl;
import io.hashstream.bench.index.BenchmarkData.Shape;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.result.MatchSink;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Latency of one range query (microseconds per query, one thread), the scan and multi-index
 * hashing behind the same {@link HammingIndex} interface and over the same data and queries, so
 * their ratio is the speedup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RangeSearchBenchmark {
  @Param({"1000000", "10000000"})
  public int n;

  @Param({"0", "2", "4", "8", "12"})
  public int radius;

  @Param({"SCAN", "MIH"})
  public Impl impl;

  @Param({"UNIFORM"})
  public Shape shape;

  private HammingIndex index;
  private long[] queries;
  private int next;
  private final Counter counter = new Counter();

  /** Counts matches, so the work cannot be optimised away. */
  static final class Counter implements MatchSink {
    long matches;

    @Override
    public void match(long itemId, int distance) {
      matches += distance + 1;
    }
  }

  /** Builds the data and the index once per fork. */
  @Setup
  public void setUp() {
    BenchmarkData data = BenchmarkData.generate(shape, n);
    index = impl.build(data);
    queries = data.queries;
  }

  /** One range query; cycles through the query pool. */
  @Benchmark
  public long rangeSearch() {
    int q = next;
    next = (q + 1) & (BenchmarkData.QUERIES - 1);
    index.rangeSearch(queries, q, radius, counter);
    return counter.matches;
  }
}
