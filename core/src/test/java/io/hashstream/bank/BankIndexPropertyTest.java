package io.hashstream.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import io.hashstream.index.BruteForceOracle;
import io.hashstream.index.IndexShard;
import io.hashstream.pdq.PdqHits;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BankIndex} against brute force: PDQ queries of eight variants (each entry reported once, at
 * its smallest distance over the variants), through the scan and the multi-index forms, after
 * removals; CroVCA codes only within their own model version.
 */
class BankIndexPropertyTest {
  private static final CodeLength PDQ = CodeLength.BITS_256;
  private static final int WORDS = PDQ.words();

  @ParameterizedTest
  @ValueSource(ints = {500, IndexShard.PROMOTION_SIZE * 3})
  void pdqAnswersEqualBruteForceOverEveryVariantAfterRemovals(int n) {
    long seed = n;
    long[] hashes = CodeFixtures.uniform(PDQ, n, seed);
    long[] ids = CodeFixtures.ids(n, seed);
    BankIndex bank = new BankIndex();
    BruteForceOracle oracle = new BruteForceOracle(WORDS);
    for (int i = 0; i < n; i++) {
      bank.addPdq(ids[i], hashes, i * WORDS);
      oracle.insert(ids[i], hashes, i * WORDS);
    }
    for (int i = 0; i < n; i += 7) {
      assertThat(bank.removePdq(ids[i], hashes, i * WORDS)).isTrue();
      oracle.remove(ids[i], hashes, i * WORDS);
    }
    assertThat(bank.pdqSize()).isEqualTo(oracle.size());

    SplittableRandom random = new SplittableRandom(seed);
    for (int q = 0; q < 60; q++) {
      long[] variants = new long[8 * WORDS];
      for (int v = 0; v < 8; v++) {
        if (random.nextInt(3) == 0) { // a near copy of some entry, removed or not
          int of = random.nextInt(n);
          System.arraycopy(hashes, of * WORDS, variants, v * WORDS, WORDS);
          CodeFixtures.flip(PDQ, variants, v * WORDS, random.nextInt(40), random);
        } else {
          for (int w = 0; w < WORDS; w++) {
            variants[v * WORDS + w] = random.nextLong();
          }
        }
      }
      int radius = 31;

      PdqHits hits = bank.searchPdq(variants, radius);

      assertThat(hitsOf(hits)).as("query " + q).isEqualTo(bestOverVariants(oracle, variants, radius));
      for (int i = 0; i < hits.size(); i++) {
        PdqHits.Hit h = hits.get(i);
        assertThat(distance(hashes, indexOf(ids, h.itemId()), variants, h.variant()))
            .isEqualTo(h.distance());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {64})
  void codesAreSearchedOnlyAmongTheirOwnModelVersion(int bits) {
    CodeLength length = CodeLength.ofBits(bits);
    long[] code = CodeFixtures.uniform(length, 1, 3);
    BankIndex bank = new BankIndex();
    bank.addCode("v1", length, 11, code, 0);

    assertThat(bank.searchCode("v1", code, 0).size()).isEqualTo(1);
    assertThat(bank.searchCode("v2", code, 64).size()).as("no v2 entries").isZero();
    assertThat(bank.modelVersions()).containsExactly("v1");
    assertThatThrownBy(() -> bank.addCode("v1", CodeLength.ofBits(32), 12, new long[] {1}, 0))
        .hasMessageContaining("v1");
    assertThat(bank.removeCode("v1", 11, code, 0)).isTrue();
    assertThat(bank.modelVersions()).isEmpty();
    assertThat(bank.removeCode("v1", 11, code, 0)).isFalse();
  }

  private static List<BruteForceOracle.Hit> bestOverVariants(
      BruteForceOracle oracle, long[] variants, int radius) {
    int[] best = null;
    for (int v = 0; v < 8; v++) {
      int[] d = oracle.distances(variants, v * WORDS);
      if (best == null) {
        best = d;
      } else {
        for (int i = 0; i < d.length; i++) {
          best[i] = Math.min(best[i], d[i]);
        }
      }
    }
    return oracle.range(best, radius);
  }

  private static List<BruteForceOracle.Hit> hitsOf(PdqHits hits) {
    List<BruteForceOracle.Hit> out = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      out.add(new BruteForceOracle.Hit(hits.get(i).itemId(), hits.get(i).distance()));
    }
    out.sort((a, b) -> a.distance() != b.distance()
        ? Integer.compare(a.distance(), b.distance()) : Long.compare(a.id(), b.id()));
    return out;
  }

  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new AssertionError("unknown id " + id);
  }

  private static int distance(long[] hashes, int i, long[] variants, int v) {
    int d = 0;
    for (int w = 0; w < WORDS; w++) {
      d += Long.bitCount(hashes[i * WORDS + w] ^ variants[v * WORDS + w]);
    }
    return d;
  }
}
