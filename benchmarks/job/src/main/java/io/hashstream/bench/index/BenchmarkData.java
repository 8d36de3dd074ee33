package io.hashstream.bench.index;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHashIndex;
import io.hashstream.index.ScanIndex;

/**
 * The benchmark data: {@code n} 64-bit codes with distinct ids, and a pool of queries, all from
 * fixed seeds (the same generators as core's property tests), so the sanity test checks exactly
 * what the benchmarks time.
 *
 * <p>Queries: even ones are a stored code with 0 to 8 random bits flipped (near-duplicates, so
 * every radius has answers), odd ones are uniform (the common "nothing matches" upload).
 */
public final class BenchmarkData {
  /** The code length every index benchmark uses. */
  public static final CodeLength LENGTH = CodeLength.BITS_64;

  /** Queries in the pool; the benchmarks cycle through them. */
  public static final int QUERIES = 1024;

  /** The data shapes the runner reports. */
  public enum Shape {
    /** Independent uniform bits. */
    UNIFORM,
    /** {@code n / 50} centres, each item its centre with 0 to 8 bits flipped. */
    CLUSTERED
  }

  final int n;
  final long[] codes;
  final long[] ids;
  final long[] queries;

  private BenchmarkData(int n, long[] codes, long[] ids, long[] queries) {
    this.n = n;
    this.codes = codes;
    this.ids = ids;
    this.queries = queries;
  }

  /** Generates the data set of {@code n} items of the given shape. */
  public static BenchmarkData generate(Shape shape, int n) {
    long seed = 20_260_000L + n + shape.ordinal();
    long[] codes =
        shape == Shape.UNIFORM
            ? CodeFixtures.uniform(LENGTH, n, seed)
            : CodeFixtures.clustered(LENGTH, n, Math.max(1, n / 50), 8, seed);
    long[] queries = CodeFixtures.queries(LENGTH, codes, n, QUERIES, 8, seed + 1);
    return new BenchmarkData(n, codes, CodeFixtures.ids(n, seed), queries);
  }

  /** The indexes compared. */
  public enum Impl {
    /** {@link ScanIndex}: the baseline. */
    SCAN {
      @Override
      HammingIndex build(BenchmarkData data) {
        ScanIndex index = new ScanIndex(LENGTH, data.n);
        for (int i = 0; i < data.n; i++) {
          index.insert(data.ids[i], data.codes, i);
        }
        return index;
      }
    },
    /** {@link MultiIndexHashIndex}, bulk-loaded (one segment, as after a restore). */
    MIH {
      @Override
      HammingIndex build(BenchmarkData data) {
        MultiIndexHashIndex index = new MultiIndexHashIndex(LENGTH);
        index.insertAll(data.ids, data.codes, 0, data.n);
        return index;
      }
    };

    abstract HammingIndex build(BenchmarkData data);
  }
}
