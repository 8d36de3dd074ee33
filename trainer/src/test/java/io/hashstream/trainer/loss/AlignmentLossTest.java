package io.hashstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.hashstream.model.HashCoderSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Symmetric BCE against the golden value, and the stop-gradient on the hard-code targets. */
class AlignmentLossTest {
  static final double[] FIRST = {2, -0.5, 0.1, -1, 3, -2};
  static final double[] SECOND = {1, -2, -0.2, 0.4, 2, -3};

  @Test
  void reproducesTheGoldenSymmetricBce() {
    try (NDManager manager = LossFixtures.manager()) {
      assertThat(symmetricBce(manager, true)).isCloseTo(0.4300865, within(1e-7));
      assertThat(symmetricBce(manager, false)).isCloseTo(0.4300865, within(1e-6));
    }
  }

  private static double symmetricBce(NDManager manager, boolean float64) {
    List<NDArray> views = new ArrayList<>();
    for (double[] values : new double[][] {FIRST, SECOND}) {
      views.add(
          float64
              ? LossFixtures.float64(manager, values, 2, 3)
              : LossFixtures.float32(manager, values, 2, 3));
    }
    return AlignmentLoss.crossView(views).value();
  }

  /**
   * With the targets constant, ∂/∂P₁ of ½[BCE(P₁, C₂) + BCE(P₂, C₁)] is ½(σ(P₁) − C₂)/N: no term
   * comes through C₁ = 1[P₁ > 0].
   */
  @Test
  void targetsCarryNoGradient() {
    try (NDManager manager = LossFixtures.manager()) {
      NDArray first = LossFixtures.float64(manager, FIRST, 2, 3);
      NDArray second = LossFixtures.float64(manager, SECOND, 2, 3);
      first.setRequiresGradient(true);
      second.setRequiresGradient(true);
      try (GradientCollector collector =
          Engine.getEngine(HashCoderSession.ENGINE).newGradientCollector()) {
        collector.backward(AlignmentLoss.crossView(List.of(first, second)).loss());
      }
      double[] g1 = first.getGradient().toDoubleArray();
      double[] g2 = second.getGradient().toDoubleArray();
      for (int i = 0; i < FIRST.length; i++) {
        assertThat(g1[i]).isCloseTo(expected(FIRST[i], SECOND[i]), within(1e-12));
        assertThat(g2[i]).isCloseTo(expected(SECOND[i], FIRST[i]), within(1e-12));
      }
    }
  }

  private static double expected(double logit, double otherLogit) {
    double sigmoid = 1 / (1 + Math.exp(-logit));
    return 0.5 * (sigmoid - (otherLogit > 0 ? 1 : 0)) / FIRST.length;
  }
}
