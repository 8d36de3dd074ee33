package io.hashstream.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import org.junit.jupiter.api.Test;

class ItqTest {
  private static final float[][] ROWS = BaselineFixtures.clustered(300, 40, 6, 21);

  @Test
  void theRotationIsOrthogonal() {
    Itq itq = Itq.fit(ROWS, CodeLength.BITS_16, 20, 3);
    MatricesTest.assertOrthogonal(itq.rotation(), 1e-9);
  }

  @Test
  void theQuantisationLossNeverIncreasesAndEndsBelowTheRandomRotationsLoss() {
    double[] losses = Itq.fit(ROWS, CodeLength.BITS_16, 30, 3).lossHistory();
    assertThat(losses).hasSize(31);
    for (int i = 1; i < losses.length; i++) {
      assertThat(losses[i]).isLessThanOrEqualTo(losses[i - 1] * (1 + 1e-9));
    }
    assertThat(losses[losses.length - 1]).isLessThan(losses[0]);
  }

  @Test
  void fittingIsDeterministic() {
    assertThat(Itq.fit(ROWS, CodeLength.BITS_32, 10, 9).codes(ROWS))
        .containsExactly(Itq.fit(ROWS, CodeLength.BITS_32, 10, 9).codes(ROWS));
  }
}
