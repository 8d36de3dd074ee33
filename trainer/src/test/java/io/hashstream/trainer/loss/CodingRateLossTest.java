package io.hashstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.hashstream.model.HashCoderSession;
import org.junit.jupiter.api.Test;

/**
 * The DJL coding-rate term: its value is the golden value, and the gradient it injects, carried by
 * autograd through the row normalisation, matches central finite differences of the plain-Java
 * value in double precision.
 */
class CodingRateLossTest {
  static final CodingRateLoss LOSS = new CodingRateLoss(CodingRate.PAPER_EPS);

  @Test
  void valueIsTheGoldenValueInFloat32AndFloat64() {
    try (NDManager manager = LossFixtures.manager()) {
      LossTerm f64 = LOSS.apply(LossFixtures.float64(manager, CodingRateTest.GOLDEN_V, 4, 3));
      assertThat(f64.value()).isCloseTo(-2.4909449, within(1e-7));
      assertThat(LossTerm.scalar(f64.loss())).isCloseTo(-2.4909449, within(1e-7));
      LossTerm f32 = LOSS.apply(LossFixtures.float32(manager, CodingRateTest.GOLDEN_V, 4, 3));
      assertThat(f32.value()).isCloseTo(-2.4909449, within(1e-6));
      assertThat(LossTerm.scalar(f32.loss())).isCloseTo(-2.4909449, within(1e-6));
    }
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    double maxError = 0;
    for (int[] size : new int[][] {{6, 4}, {32, 16}, {64, 3}}) {
      maxError = Math.max(maxError, maxGradientError(size[0], size[1], 17 + size[0]));
    }
    System.out.printf("coding-rate gradient check: max |autograd - central FD| = %.2e%n", maxError);
    assertThat(maxError).isLessThan(1e-8);
  }

  /** max over entries of |autograd − (f(P+h) − f(P−h)) / 2h|, h = 1e-5, float64. */
  static double maxGradientError(int rows, int bits, long seed) {
    double[] p = LossFixtures.logits(rows * bits, seed);
    double[] analytic;
    try (NDManager manager = LossFixtures.manager()) {
      NDArray logits = LossFixtures.float64(manager, p, rows, bits);
      logits.setRequiresGradient(true);
      try (GradientCollector collector =
          Engine.getEngine(HashCoderSession.ENGINE).newGradientCollector()) {
        collector.backward(LOSS.apply(logits).loss());
      }
      analytic = logits.getGradient().toDoubleArray();
    }
    CodingRate reference = new CodingRate(CodingRate.PAPER_EPS);
    double h = 1e-5;
    double maxError = 0;
    for (int i = 0; i < p.length; i++) {
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric =
          (reference.value(plus, rows, bits) - reference.value(minus, rows, bits)) / (2 * h);
      maxError = Math.max(maxError, Math.abs(numeric - analytic[i]));
    }
    return maxError;
  }
}
