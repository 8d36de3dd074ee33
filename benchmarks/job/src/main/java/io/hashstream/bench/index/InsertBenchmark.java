package io.hashstream.bench.index;

import io.hashstream.bench.index.BenchmarkData.Shape;
import io.hashstream.index.MultiIndexHashIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Streaming insert rate: {@code n} single inserts into an empty {@link MultiIndexHashIndex}, every
 * buffer seal, segment build and level merge on the way included (milliseconds per run of {@code
 * n}; inserts per second is {@code n / time}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InsertBenchmark {
  @Param({"1000000"})
  public int n;

  private BenchmarkData data;
  private MultiIndexHashIndex index;

  /** Generates the data once. */
  @Setup(Level.Trial)
  public void generate() {
    data = BenchmarkData.generate(Shape.UNIFORM, n);
  }

  /** A fresh, empty index per run. */
  @Setup(Level.Iteration)
  public void emptyIndex() {
    index = new MultiIndexHashIndex(BenchmarkData.LENGTH);
  }

  /** Inserts every item, one call each. */
  @Benchmark
  public int insertAll() {
    for (int i = 0; i < data.n; i++) {
      index.insert(data.ids[i], data.codes, i);
    }
    return index.size();
  }
}
