package io.hashstream.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hashstream.code.CodeLength;
import org.junit.jupiter.api.Test;

class PcaRotationTest {

  @Test
  void principalDirectionsAreOrthonormalOrderedEigenvectorsOfTheCovariance() {
    float[][] rows = BaselineFixtures.clustered(400, 20, 5, 4);
    PrincipalSubspace pca = PrincipalSubspace.fit(rows, 6, 1);
    double[][] w = pca.top(6);
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        assertThat(Matrices.dot(w[a], w[b])).isCloseTo(a == b ? 1 : 0, within(1e-9));
      }
      if (a > 0) {
        assertThat(pca.variances()[a]).isLessThanOrEqualTo(pca.variances()[a - 1]);
      }
      // the variance of the projections along w_a is its eigenvalue
      double[][] projected = pca.project(rows, 6);
      double var = 0;
      for (double[] p : projected) {
        var += p[a] * p[a];
      }
      assertThat(var / rows.length).isCloseTo(pca.variances()[a], within(1e-6));
    }
  }

  @Test
  void bitsAreBalancedOnTheTrainingData() {
    float[][] rows = BaselineFixtures.clustered(400, 20, 8, 6);
    long[] codes = PcaRotation.fit(rows, CodeLength.BITS_16, 2).codes(rows);
    for (int bit = 0; bit < 16; bit++) {
      int ones = 0;
      for (long code : codes) {
        ones += (int) (code >>> (15 - bit)) & 1;
      }
      assertThat(ones / (double) rows.length).isBetween(0.05, 0.95);
    }
    assertThat(PcaRotation.fit(rows, CodeLength.BITS_16, 2).codes(rows)).containsExactly(codes);
  }
}
