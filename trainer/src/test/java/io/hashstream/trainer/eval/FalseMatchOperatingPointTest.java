package io.hashstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FalseMatchOperatingPointTest {

  @Test
  void theThresholdAdmitsAtMostTheBudgetOfNegatives() {
    double[] negatives = new double[20];
    for (int i = 0; i < 20; i++) {
      negatives[i] = 10 + i; // 10..29
    }
    // budget 0.1 of 20 -> 2 negatives may match: threshold = the third smallest (12)
    FalseMatchOperatingPoint point = FalseMatchOperatingPoint.of(negatives, 0.1);
    assertThat(point.threshold()).isEqualTo(12);
    assertThat(point.falseMatchRate()).isEqualTo(0.1);
    assertThat(point.recall(new double[] {3, 11, 12, 40})).isEqualTo(0.5);
    // budget below one negative: nothing at or above the smallest negative matches
    FalseMatchOperatingPoint strict = FalseMatchOperatingPoint.of(negatives, 1e-4);
    assertThat(strict.threshold()).isEqualTo(10);
    assertThat(strict.falseMatchRate()).isZero();
  }

  @Test
  void tiedNegativesAtTheThresholdAreAllExcluded() {
    FalseMatchOperatingPoint point =
        FalseMatchOperatingPoint.of(new double[] {5, 5, 5, 9, 9, 9, 9, 9, 9, 9}, 0.2);
    assertThat(point.threshold()).isEqualTo(5);
    assertThat(point.falseMatchRate()).isZero();
  }
}
