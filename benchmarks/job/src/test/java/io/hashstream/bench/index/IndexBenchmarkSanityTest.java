package io.hashstream.bench.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.bench.index.BenchmarkData.Impl;
import io.hashstream.bench.index.BenchmarkData.Shape;
import io.hashstream.bench.index.ShardingBenchmark.Form;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.result.Matches;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Before any ratio is believed: on the benchmark data (same generator, same seeds, same queries),
 * the scan, multi-index hashing and both sharding forms return identical result sets at every
 * benchmarked radius. At 1M items by default; {@code -Dhashstream.bench.sanity.items=10000000}
 * checks the 10M set too (a few minutes).
 */
class IndexBenchmarkSanityTest {
  private static final int ITEMS = Integer.getInteger("hashstream.bench.sanity.items", 1_000_000);
  private static final int QUERIES = Integer.getInteger("hashstream.bench.sanity.queries", 96);
  private static final int[] RADII = {0, 2, 4, 8, 12};

  @ParameterizedTest
  @EnumSource(Shape.class)
  void scanAndMultiIndexHashingReturnIdenticalSets(Shape shape) {
    BenchmarkData data = BenchmarkData.generate(shape, ITEMS);
    HammingIndex scan = Impl.SCAN.build(data);
    HammingIndex mih = Impl.MIH.build(data);
    ShardedForm[] forms = {Form.ID_HASH.build(data, 16), Form.SUBSTRING.build(data, 16)};
    Matches expected = new Matches();
    Matches actual = new Matches();
    int nonEmpty = 0;
    for (int radius : RADII) {
      for (int q = 0; q < QUERIES; q++) {
        expected.clear();
        scan.rangeSearch(data.queries, q, radius, expected);
        expected.sort();
        nonEmpty += expected.size() > 0 ? 1 : 0;

        actual.clear();
        mih.rangeSearch(data.queries, q, radius, actual);
        assertSameSet("MIH", actual, expected, q, radius);
        for (int f = 0; f < forms.length; f++) {
          actual.clear();
          forms[f].rangeSearch(data.queries[q], radius, actual);
          assertSameSet(Form.values()[f].name(), actual, expected, q, radius);
        }
      }
    }
    // near-duplicate queries make most of the checks non-trivial
    assertThat(nonEmpty).isGreaterThan(RADII.length * QUERIES / 4);
  }

  private static void assertSameSet(
      String what, Matches actual, Matches expected, int query, int radius) {
    actual.sort();
    assertThat(actual).as("%s, query %d, radius %d", what, query, radius).hasToString(expected.toString());
  }
}
