package io.hashstream.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatricesTest {

  @Test
  void jacobiSvdReconstructsTheMatrixWithOrthogonalFactors() {
    SplittableRandom random = new SplittableRandom(5);
    int n = 12;
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int j = 0; j < n; j++) {
        row[j] = Gaussian.next(random);
      }
    }
    Matrices.Svd svd = Matrices.svd(m);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += svd.u()[i][k] * svd.sigma()[k] * svd.v()[j][k];
        }
        assertThat(s).isCloseTo(m[i][j], within(1e-9));
      }
    }
    assertOrthogonal(svd.u(), 1e-9);
    assertOrthogonal(svd.v(), 1e-9);
  }

  @Test
  void gramSchmidtGivesOrthonormalRows() {
    double[][] q = Gaussian.orthogonal(20, new SplittableRandom(1));
    assertOrthogonal(q, 1e-12);
  }

  /** {@code mᵀ m = I}. */
  static void assertOrthogonal(double[][] m, double tolerance) {
    int n = m.length;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += m[i][a] * m[i][b];
        }
        assertThat(s).isCloseTo(a == b ? 1 : 0, within(tolerance));
      }
    }
  }
}
