package io.hashstream.trainer.eval;

import static io.hashstream.trainer.eval.FusedOperatingPoint.NOT_COMPARABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FusedOperatingPointTest {
  @Test
  void eachSignalCatchesTheQueryTheOtherMisses() {
    int[][] a = {{1, 5, 6}, {5, 9, 2}};
    int[][] b = {{9, 8, 7}, {9, 1, 8}};

    FusedOperatingPoint p =
        FusedOperatingPoint.of(new int[] {0, 1}, 3, (q, i) -> a[q][i], 10, (q, i) -> b[q][i], 10, 0.25);

    assertThat(p.recall()).isEqualTo(1.0);
    assertThat(p.falseMatches()).isZero();
    assertThat(p.negatives()).isEqualTo(4);
    assertThat(p.matches(1, 10)).isTrue();
    assertThat(p.matches(9, 1)).isTrue();
    assertThat(p.matches(2, 7)).isFalse();
  }

  @Test
  void noBudgetTurnsBothSignalsOffWhenEveryNegativeIsAtZero() {
    FusedOperatingPoint p =
        FusedOperatingPoint.of(new int[] {0}, 3, (q, i) -> 0, 4, (q, i) -> 0, 4, 0.0);

    assertThat(p.radiusA()).isEqualTo(-1);
    assertThat(p.radiusB()).isEqualTo(-1);
    assertThat(p.recall()).isZero();
  }

  @Test
  void agreesWithBruteForceOverEveryRadiusPair() {
    SplittableRandom random = new SplittableRandom(7);
    int queries = 40;
    int items = 25;
    int[][] a = new int[queries][items];
    int[][] b = new int[queries][items];
    int[] sources = new int[queries];
    for (int q = 0; q < queries; q++) {
      sources[q] = random.nextInt(items);
      for (int i = 0; i < items; i++) {
        boolean match = i == sources[q];
        a[q][i] = match ? random.nextInt(12) : 4 + random.nextInt(13);
        b[q][i] = match ? random.nextInt(20) : 6 + random.nextInt(25);
      }
    }
    double maxFmr = 0.01;

    FusedOperatingPoint p =
        FusedOperatingPoint.of(sources, items, (q, i) -> a[q][i], 16, (q, i) -> b[q][i], 30, maxFmr);

    long allowed = (long) Math.floor(maxFmr * queries * (items - 1));
    double best = -1;
    for (int ra = -1; ra <= 16; ra++) {
      for (int rb = -1; rb <= 30; rb++) {
        long fm = 0;
        int hits = 0;
        for (int q = 0; q < queries; q++) {
          for (int i = 0; i < items; i++) {
            boolean accepted = a[q][i] <= ra || b[q][i] <= rb;
            if (i == sources[q]) {
              hits += accepted ? 1 : 0;
            } else {
              fm += accepted ? 1 : 0;
            }
          }
        }
        if (fm <= allowed) {
          best = Math.max(best, hits / (double) queries);
        }
      }
    }
    assertThat(p.recall()).isEqualTo(best);
    assertThat(p.falseMatches()).isLessThanOrEqualTo(allowed);
    assertThat(best).isPositive();
  }

  @Test
  void theUnionStaysWithinTheBudgetAndEachSignalCatchesWhatTheOtherMisses() {
    // negatives: codes 20..40 apart, PDQ 90..140 apart; one code outlier at 5, one PDQ outlier at 20
    int n = 10_000;
    int[] negCode = new int[n];
    int[] negPdq = new int[n];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      negCode[i] = 20 + random.nextInt(21);
      negPdq[i] = 90 + random.nextInt(51);
    }
    negCode[0] = 5;
    negPdq[1] = 20;
    // positives: half found by codes (<= 6), half by PDQ (<= 25), none by both
    int[] posCode = {2, 4, 6, 30, 30, 30};
    int[] posPdq = {120, 120, NOT_COMPARABLE, 10, 15, 25};

    FusedOperatingPoint.Pairs pairs = pairs(negCode, negPdq, posCode, posPdq);
    FusedOperatingPoint fused = pairs.best(2e-4);
    assertThat(fused.recall()).isEqualTo(1.0);
    assertThat(fused.falseMatchRate()).isLessThanOrEqualTo(2e-4);
    assertThat(fused.radiusA()).isBetween(6, 19);
    assertThat(fused.radiusB()).isBetween(25, 89);

    FusedOperatingPoint strict = pairs.best(0);
    assertThat(strict.falseMatchRate()).isZero();
    assertThat(strict.radiusA()).as("the outlier at 5 keeps the code radius below it").isLessThan(5);
    assertThat(strict.radiusB()).isLessThan(20);
    assertThat(strict.recall()).isEqualTo(4.0 / 6); // lost: code distance 6, PDQ distance 25

    FusedOperatingPoint codeOnly = pairs.bestAOnly(2e-4);
    assertThat(codeOnly.radiusB()).isEqualTo(-1);
    assertThat(codeOnly.recall()).isEqualTo(0.5);
  }

  @Test
  void theUnionIsCountedOnceWhereBothSignalsMatchAPair() {
    int[] negCode = {1, 50, 50};
    int[] negPdq = {1, 200, NOT_COMPARABLE};
    FusedOperatingPoint p = pairs(negCode, negPdq, new int[] {1}, new int[] {1}).best(1.0 / 3);
    assertThat(p.falseMatchRate()).isEqualTo(1.0 / 3); // the first pair, once, under both signals
    assertThat(p.recall()).isEqualTo(1.0);
  }

  /** Per-pair distances (A: a 64-bit code, B: a 256-bit PDQ hash) counted into {@link FusedOperatingPoint.Pairs}. */
  private static FusedOperatingPoint.Pairs pairs(
      int[] negCode, int[] negPdq, int[] posCode, int[] posPdq) {
    FusedOperatingPoint.Pairs pairs = new FusedOperatingPoint.Pairs(64, 256);
    for (int i = 0; i < negCode.length; i++) {
      pairs.add(false, negCode[i], negPdq[i]);
    }
    for (int i = 0; i < posCode.length; i++) {
      pairs.add(true, posCode[i], posPdq[i]);
    }
    return pairs;
  }
}
