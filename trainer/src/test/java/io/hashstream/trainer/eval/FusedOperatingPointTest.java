package io.hashstream.trainer.eval;

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
}
