package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import io.hashstream.index.BruteForceOracle.Hit;
import io.hashstream.index.result.Matches;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link HammingIndex} contract, run over every implementation × every code length. */
class HammingIndexContractTest {
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (IndexKind kind : IndexKind.values()) {
      for (CodeLength length : CodeLength.values()) {
        cases.add(Arguments.of(kind, length));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void emptyIndexFindsNothing(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    long[] query = CodeFixtures.uniform(length, 1, 1);
    Matches matches = new Matches();

    index.rangeSearch(query, 0, length.bits(), matches);
    assertThat(matches.size()).isZero();
    index.nearest(query, 0, 5, matches);
    assertThat(matches.size()).isZero();
    assertThat(index.size()).isZero();
    assertThat(index.codeLength()).isEqualTo(length);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void findsAnInsertedItemAtDistanceZeroAndItsNeighbourAtOne(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    long[] codes = CodeFixtures.uniform(length, 300, 2);
    long[] ids = CodeFixtures.ids(300, 2);
    for (int i = 0; i < 300; i++) {
      index.insert(ids[i], codes, i * length.words());
    }
    long[] neighbour = java.util.Arrays.copyOfRange(codes, 0, length.words());
    neighbour[0] ^= 1;
    Matches matches = new Matches();

    index.rangeSearch(codes, 0, 0, matches);
    assertThat(BruteForceOracle.hits(matches)).contains(new Hit(ids[0], 0));
    matches.clear();
    index.rangeSearch(neighbour, 0, 1, matches);
    assertThat(BruteForceOracle.hits(matches)).contains(new Hit(ids[0], 1));
    index.nearest(neighbour, 0, 1, matches);
    assertThat(BruteForceOracle.hits(matches)).containsExactly(new Hit(ids[0], 1));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void storesCopiesAndRemovesOneAtATime(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    long[] code = CodeFixtures.uniform(length, 1, 3);
    index.insert(42, code, 0);
    index.insert(42, code, 0);
    index.insert(43, code, 0);
    Matches matches = new Matches();

    index.rangeSearch(code, 0, 0, matches);
    assertThat(BruteForceOracle.hits(matches))
        .containsExactly(new Hit(42, 0), new Hit(42, 0), new Hit(43, 0));
    assertThat(index.remove(42, code, 0)).isTrue();
    assertThat(index.size()).isEqualTo(2);
    assertThat(index.remove(42, code, 0)).isTrue();
    assertThat(index.remove(42, code, 0)).isFalse();
    assertThat(index.remove(99, code, 0)).isFalse();
    matches.clear();
    index.rangeSearch(code, 0, length.bits(), matches);
    assertThat(BruteForceOracle.hits(matches)).containsExactly(new Hit(43, 0));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void forEachAndCompactKeepEveryLiveItem(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    BruteForceOracle oracle = new BruteForceOracle(length.words());
    int n = 700;
    long[] codes = CodeFixtures.uniform(length, n, 4);
    long[] ids = CodeFixtures.ids(n, 4);
    for (int i = 0; i < n; i++) {
      index.insert(ids[i], codes, i * length.words());
      oracle.insert(ids[i], codes, i * length.words());
    }
    for (int i = 0; i < n; i += 3) {
      assertThat(index.remove(ids[i], codes, i * length.words())).isTrue();
      oracle.remove(ids[i], codes, i * length.words());
    }

    assertThat(BruteForceOracle.items(index)).isEqualTo(oracle.items());
    index.compact();
    assertThat(BruteForceOracle.items(index)).isEqualTo(oracle.items());
    assertThat(index.size()).isEqualTo(oracle.size());
    assertThat(index.estimatedFootprintBytes()).isPositive();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void nearestReturnsAtMostSizeItemsSortedByDistanceThenId(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    long[] codes = CodeFixtures.duplicateHeavy(length, 40, 3, 5);
    long[] ids = CodeFixtures.ids(40, 5);
    for (int i = 0; i < 40; i++) {
      index.insert(ids[i], codes, i * length.words());
    }
    Matches matches = new Matches();

    index.nearest(codes, 0, 100, matches);
    assertThat(matches.size()).isEqualTo(40);
    List<Hit> hits = BruteForceOracle.hits(matches);
    for (int i = 0; i < matches.size(); i++) {
      assertThat(new Hit(matches.id(i), matches.distance(i))).isEqualTo(hits.get(i));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void rejectsBadArguments(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    long[] code = new long[length.words()];
    Matches matches = new Matches();

    assertThatThrownBy(() -> index.rangeSearch(code, 0, -1, matches))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.nearest(code, 0, 0, matches))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.insert(1, new long[length.words() + 1], 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    if (length.bits() < 64) {
      long[] tooWide = {1L << length.bits()};
      assertThatThrownBy(() -> index.insert(1, tooWide, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> index.rangeSearch(tooWide, 0, 1, matches))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> index.remove(1, tooWide, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(index.size()).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void readsCodesAtAnOffset(IndexKind kind, CodeLength length) {
    HammingIndex index = kind.create(length);
    int words = length.words();
    long[] codes = CodeFixtures.uniform(length, 3, 6);
    index.insert(7, codes, 2 * words);
    Matches matches = new Matches();

    index.rangeSearch(codes, 2 * words, 0, matches);
    assertThat(BruteForceOracle.hits(matches)).containsExactly(new Hit(7, 0));
    assertThat(index.remove(7, codes, 2 * words)).isTrue();
  }
}
