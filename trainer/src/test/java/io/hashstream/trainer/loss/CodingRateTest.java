package io.hashstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-Java coding rate against the golden values of research/crovca.md §2.5. */
class CodingRateTest {
  static final CodingRate PAPER = new CodingRate(CodingRate.PAPER_EPS);

  static final double[] GOLDEN_V = {
    0.2, -0.7, 1.1, //
    1.2, 0.4, -0.3, //
    -0.9, 0.8, 0.2, //
    0.5, 1.4, -0.6
  };

  @Test
  void reproducesTheGoldenValues() {
    assertThat(PAPER.value(GOLDEN_V, 4, 3)).isCloseTo(-2.4909449, within(1e-7));
    double[] collapsed = new double[16];
    Arrays.fill(collapsed, 0.7);
    assertThat(PAPER.value(collapsed, 4, 4)).isCloseTo(-1.0986123, within(1e-7));
    double[] identity = new double[16];
    for (int i = 0; i < 4; i++) {
      identity[i * 4 + i] = 1;
    }
    assertThat(PAPER.value(identity, 4, 4)).isCloseTo(-3.0445224, within(1e-7));
  }

  @Test
  void isScaleInvariantPerRow() {
    double[] scaled = GOLDEN_V.clone();
    for (int j = 0; j < 3; j++) {
      scaled[3 + j] *= 25; // row 1 only
    }
    assertThat(PAPER.value(scaled, 4, 3)).isCloseTo(PAPER.value(GOLDEN_V, 4, 3), within(1e-12));
  }

  @Test
  void choleskyInverseIsTheInverse() {
    int n = 9;
    Random random = new Random(3);
    double[] b = new double[n * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextGaussian();
    }
    double[] a = new double[n * n]; // BᵀB + I
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = i == j ? 1 : 0;
        for (int k = 0; k < n; k++) {
          s += b[k * n + i] * b[k * n + j];
        }
        a[i * n + j] = s;
      }
    }
    double[] inverse = Cholesky.of(a, n).inverse();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += a[i * n + k] * inverse[k * n + j];
        }
        assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-10));
      }
    }
  }
}
