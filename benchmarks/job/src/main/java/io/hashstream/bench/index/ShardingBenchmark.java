package io.hashstream.bench.index;

import io.hashstream.bench.index.BenchmarkData.Shape;
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
 * The two ways of sharding compared: total work of one query (microseconds, one thread, every key
 * the query touches) with 2 keys (one per subtask on 2 cores) and 16, on uniform data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShardingBenchmark {
  /** The forms. */
  public enum Form {
    /** One key per id-hash shard; a query fans out to all keys. */
    ID_HASH,
    /** One key per (table, substring bucket); a query visits the keys it probes. */
    SUBSTRING;

    /**
     * Builds the form over {@code keys} keys (the substring form: per table, {@code keys / m}
     * rounded down to a power of two, at least one).
     */
    ShardedForm build(BenchmarkData data, int keys) {
      return this == ID_HASH ? new IdHashShards(data, keys) : new SubstringShards(data, keys);
    }
  }

  @Param({"10000000"})
  public int n;

  @Param({"2", "16"})
  public int keys;

  @Param({"4", "8"})
  public int radius;

  @Param({"ID_HASH", "SUBSTRING"})
  public Form form;

  private ShardedForm sharded;
  private long[] queries;
  private int next;
  private final RangeSearchBenchmark.Counter counter = new RangeSearchBenchmark.Counter();

  /** Builds the data and the form once per fork. */
  @Setup
  public void setUp() {
    BenchmarkData data = BenchmarkData.generate(Shape.UNIFORM, n);
    sharded = form.build(data, keys);
    queries = data.queries;
  }

  /** One range query over every key it touches. */
  @Benchmark
  public long rangeSearch() {
    int q = next;
    next = (q + 1) & (BenchmarkData.QUERIES - 1);
    sharded.rangeSearch(queries[q], radius, counter);
    return counter.matches;
  }
}
