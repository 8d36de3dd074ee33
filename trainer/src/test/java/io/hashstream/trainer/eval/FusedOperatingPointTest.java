package io.hashstream.trainer.eval;

import static io.hashstream.trainer.eval.FusedOperatingPoint.NO_PDQ;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FusedOperatingPointTest {
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
    int[] posPdq = {120, 120, NO_PDQ, 10, 15, 25};

    FusedOperatingPoint fused = FusedOperatingPoint.best(64, negCode, negPdq, posCode, posPdq,
        2e-4, true, true);
    assertThat(fused.recall()).isEqualTo(1.0);
    assertThat(fused.falseMatchRate()).isLessThanOrEqualTo(2e-4);
    assertThat(fused.codeRadius()).isBetween(6, 19);
    assertThat(fused.pdqRadius()).isBetween(25, 89);

    FusedOperatingPoint strict = FusedOperatingPoint.best(64, negCode, negPdq, posCode, posPdq,
        0, true, true);
    assertThat(strict.falseMatchRate()).isZero();
    assertThat(strict.codeRadius()).as("the outlier at 5 keeps the code radius below it").isLessThan(5);
    assertThat(strict.pdqRadius()).isLessThan(20);
    assertThat(strict.recall()).isEqualTo(4.0 / 6); // lost: code distance 6, PDQ distance 25

    FusedOperatingPoint codeOnly = FusedOperatingPoint.best(64, negCode, negPdq, posCode, posPdq,
        2e-4, true, false);
    assertThat(codeOnly.pdqRadius()).isEqualTo(-1);
    assertThat(codeOnly.recall()).isEqualTo(0.5);
  }

  @Test
  void theUnionIsCountedOnceWhereBothSignalsMatchAPair() {
    int[] negCode = {1, 50, 50};
    int[] negPdq = {1, 200, NO_PDQ};
    FusedOperatingPoint p = FusedOperatingPoint.best(64, negCode, negPdq, new int[] {1},
        new int[] {1}, 1.0 / 3, true, true);
    assertThat(p.falseMatchRate()).isEqualTo(1.0 / 3); // the first pair, once, under both signals
    assertThat(p.recall()).isEqualTo(1.0);
  }
}
