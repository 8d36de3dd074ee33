package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeFixtures.Distribution;
import io.hashstream.code.CodeLength;
import io.hashstream.index.result.Matches;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every implementation × code length × distribution, checked against {@link BruteForceOracle}: for
 * every query, every radius {@code 0..r_max} and k in {1, 7, 40}, after inserts, after deletes,
 * after compaction and after a snapshot round trip.
 *
 * <p>Sizes stay small so the suite runs in seconds; {@code -Dhashstream.index.property.items=N}
 * raises the item count (the shard kind always gets enough to promote itself).
 */
class HammingIndexPropertyTest {
  private static final int ITEMS = Integer.getInteger("hashstream.index.property.items", 1200);
  private static final int QUERIES = 16;
  private static final int[] KS = {1, 7, 40};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (IndexKind kind : IndexKind.values()) {
      for (CodeLength length : CodeLength.values()) {
        for (Distribution distribution : Distribution.values()) {
          cases.add(Arguments.of(kind, length, distribution));
        }
      }
    }
    return cases.stream();
  }

  /** The largest radius checked: about the alert radius of B5 for the length, and then some. */
  static int maxRadius(CodeLength length) {
    return switch (length) {
      case BITS_16 -> 8;
      case BITS_32 -> 12;
      case BITS_64 -> 16;
      case BITS_128 -> 24;
      case BITS_256 -> 40;
    };
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void answersEqualBruteForce(IndexKind kind, CodeLength length, Distribution distribution)
      throws CorruptSnapshotException {
    long seed = 31L * kind.ordinal() + 7L * length.ordinal() + distribution.ordinal();
    int n = kind == IndexKind.SHARD ? IndexShard.PROMOTION_SIZE + ITEMS : ITEMS;
    int words = length.words();
    long[] codes = CodeFixtures.codes(distribution, length, n, seed);
    long[] ids = CodeFixtures.ids(n, seed);
    long[] queries = CodeFixtures.queries(length, codes, n, QUERIES, maxRadius(length), seed);
    HammingIndex index = kind.create(length);
    BruteForceOracle oracle = new BruteForceOracle(words);

    int bulk = n / 2;
    if (index instanceof MultiIndexHashIndex mih) {
      mih.insertAll(ids, codes, 0, bulk);
    } else {
      for (int i = 0; i < bulk; i++) {
        index.insert(ids[i], codes, i * words);
      }
    }
    for (int i = bulk; i < n; i++) {
      index.insert(ids[i], codes, i * words);
    }
    for (int i = 0; i < n; i++) {
      oracle.insert(ids[i], codes, i * words);
    }
    for (int i = 0; i < n; i += 97) {
      index.insert(ids[i], codes, i * words);
      oracle.insert(ids[i], codes, i * words);
    }
    assertMatchesOracle("after inserts", index, oracle, queries, length);

    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) == 0) {
        assertThat(index.remove(ids[i], codes, i * words)).isTrue();
        oracle.remove(ids[i], codes, i * words);
      }
    }
    assertThat(index.size()).isEqualTo(oracle.size());
    assertMatchesOracle("after deletes", index, oracle, queries, length);

    IndexShard snapshotOf = new IndexShard(length, 9L, ShardSpec.WHOLE);
    index.forEach(snapshotOf::insert);
    HammingIndex restored = IndexSnapshotCodec.fromBytes(IndexSnapshotCodec.toBytes(snapshotOf));
    assertMatchesOracle("after snapshot/restore", restored, oracle, queries, length);

    index.compact();
    assertMatchesOracle("after compaction", index, oracle, queries, length);
  }

  private static void assertMatchesOracle(
      String when, HammingIndex index, BruteForceOracle oracle, long[] queries, CodeLength length) {
    int words = length.words();
    Matches matches = new Matches();
    for (int q = 0; q < QUERIES; q++) {
      int[] distances = oracle.distances(queries, q * words);
      for (int radius = 0; radius <= maxRadius(length); radius++) {
        matches.clear();
        index.rangeSearch(queries, q * words, radius, matches);
        assertThat(BruteForceOracle.hits(matches))
            .as("%s: query %d, radius %d", when, q, radius)
            .isEqualTo(oracle.range(distances, radius));
      }
      for (int k : KS) {
        index.nearest(queries, q * words, k, matches);
        List<BruteForceOracle.Hit> expected = oracle.nearest(queries, q * words, k);
        assertThat(BruteForceOracle.hits(matches)).as("%s: query %d, k %d", when, q, k)
            .isEqualTo(expected);
        for (int i = 0; i < matches.size(); i++) {
          assertThat(matches.id(i)).as("order").isEqualTo(expected.get(i).id());
        }
      }
    }
  }
}
