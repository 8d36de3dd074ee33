package io.hashstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hashstream.model.HashCoderSession;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole objective: values against NumPy (computed for this test with the formulas of
 * research/crovca.md §2; the unsupervised alignment part is the dossier's golden 0.4300865), and
 * its gradient against central finite differences of an independent plain-Java implementation.
 */
class CrovcaLossTest {
  static final double[] P1 = {2, -0.5, 0.1, -1, 3, -2, 0.3, 0.2, -1.5, -0.4, -1.0, 0.9};
  static final double[] P2 = {1, -2, -0.2, 0.4, 2, -3, -0.6, 0.5, -0.7, 0.2, -0.3, 1.1};
  static final double[] Y = {1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1}; // 4 images, 3 classes

  @Test
  void unsupervisedValues() {
    try (NDManager manager = LossFixtures.manager()) {
      CrovcaLoss.Terms t =
          CrovcaLoss.paper()
              .unsupervised(
                  List.of(
                      LossFixtures.float64(manager, Arrays.copyOf(P1, 6), 2, 3),
                      LossFixtures.float64(manager, Arrays.copyOf(P2, 6), 2, 3)));
      assertThat(t.alignment()).isCloseTo(0.4300864907, within(1e-9));
      assertThat(t.codingRate()).isCloseTo(-2.7829167322, within(1e-9));
      assertThat(t.totalValue()).isCloseTo(0.1517948175, within(1e-9));
      assertThat(LossTerm.scalar(t.total())).isCloseTo(0.1517948175, within(1e-9));
    }
  }

  /** NumPy: T = [[1,0,0],[0,1,0],[1,1,0],[0,0,1]], align 0.4182065216, reg −2.3518160706. */
  @Test
  void supervisedValuesUseClassPrototypeTargets() {
    try (NDManager manager = LossFixtures.manager()) {
      NDArray labels = LossFixtures.float64(manager, Y, 4, 3);
      List<NDArray> views =
          List.of(
              LossFixtures.float64(manager, P1, 4, 3), LossFixtures.float64(manager, P2, 4, 3));
      assertThat(ClassPrototypeTargets.of(views, labels).toDoubleArray())
          .containsExactly(1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1);
      CrovcaLoss.Terms t = CrovcaLoss.paper().supervised(views, labels);
      assertThat(t.alignment()).isCloseTo(0.4182065216, within(1e-9));
      assertThat(t.codingRate()).isCloseTo(-2.3518160706, within(1e-9));
      assertThat(t.totalValue()).isCloseTo(0.1830249145, within(1e-9));
    }
  }

  @Test
  void unsupervisedGradientMatchesFiniteDifferences() {
    double error = maxGradientError(false, 16, 8, 5);
    System.out.printf("CroVCA unsupervised gradient check: max error %.2e%n", error);
    assertThat(error).isLessThan(1e-8);
  }

  @Test
  void supervisedGradientMatchesFiniteDifferences() {
    double error = maxGradientError(true, 16, 8, 6);
    System.out.printf("CroVCA supervised gradient check: max error %.2e%n", error);
    assertThat(error).isLessThan(1e-8);
  }

  /** Two views of rows × bits logits; labels cycle over 3 classes, every 4th image has two. */
  static double maxGradientError(boolean supervised, int rows, int bits, long seed) {
    double[] p1 = LossFixtures.logits(rows * bits, seed);
    double[] p2 = LossFixtures.logits(rows * bits, seed + 1);
    double[] labels = new double[rows * 3];
    for (int i = 0; i < rows; i++) {
      labels[i * 3 + i % 3] = 1;
      if (i % 4 == 0) {
        labels[i * 3 + (i + 1) % 3] = 1;
      }
    }
    double[] g1;
    double[] g2;
    try (NDManager manager = LossFixtures.manager()) {
      NDArray a = LossFixtures.float64(manager, p1, rows, bits);
      NDArray b = LossFixtures.float64(manager, p2, rows, bits);
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector collector =
          Engine.getEngine(HashCoderSession.ENGINE).newGradientCollector()) {
        CrovcaLoss loss = CrovcaLoss.paper();
        CrovcaLoss.Terms t =
            supervised
                ? loss.supervised(List.of(a, b), manager.create(labels, new Shape(rows, 3)))
                : loss.unsupervised(List.of(a, b));
        assertThat(t.totalValue())
            .isCloseTo(reference(supervised, p1, p2, labels, rows, bits), within(1e-12));
        collector.backward(t.total());
      }
      g1 = a.getGradient().toDoubleArray();
      g2 = b.getGradient().toDoubleArray();
    }
    // targets are held at their value at P (they are constants of the step)
    double[] t1 = targets(supervised, p1, p2, labels, rows, bits, 0);
    double[] t2 = targets(supervised, p1, p2, labels, rows, bits, 1);
    double h = 1e-5;
    double maxError = 0;
    for (int i = 0; i < p1.length; i++) {
      for (int view = 0; view < 2; view++) {
        double[] plus1 = p1.clone();
        double[] minus1 = p1.clone();
        double[] plus2 = p2.clone();
        double[] minus2 = p2.clone();
        (view == 0 ? plus1 : plus2)[i] += h;
        (view == 0 ? minus1 : minus2)[i] -= h;
        double numeric =
            (objective(plus1, plus2, t1, t2, rows, bits) - objective(minus1, minus2, t1, t2, rows, bits))
                / (2 * h);
        maxError = Math.max(maxError, Math.abs(numeric - (view == 0 ? g1 : g2)[i]));
      }
    }
    return maxError;
  }

  static double reference(boolean supervised, double[] p1, double[] p2, double[] labels, int rows, int bits) {
    return objective(
        p1,
        p2,
        targets(supervised, p1, p2, labels, rows, bits, 0),
        targets(supervised, p1, p2, labels, rows, bits, 1),
        rows,
        bits);
  }

  /** λ_align·½[BCE(P1,T1) + BCE(P2,T2)] + λ_reg·½[R(P1) + R(P2)], in plain Java. */
  static double objective(double[] p1, double[] p2, double[] t1, double[] t2, int rows, int bits) {
    CodingRate rate = new CodingRate(CodingRate.PAPER_EPS);
    double align = 0.5 * (bce(p1, t1) + bce(p2, t2));
    double reg = 0.5 * (rate.value(p1, rows, bits) + rate.value(p2, rows, bits));
    return CrovcaLoss.PAPER_ALIGN_WEIGHT * align + CrovcaLoss.PAPER_CODING_RATE_WEIGHT * reg;
  }

  static double bce(double[] x, double[] t) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
    }
    return s / x.length;
  }

  /** The targets of view {@code view}: the other view's codes, or the class-prototype codes. */
  static double[] targets(
      boolean supervised, double[] p1, double[] p2, double[] labels, int rows, int bits, int view) {
    double[] t = new double[rows * bits];
    if (!supervised) {
      double[] other = view == 0 ? p2 : p1;
      for (int i = 0; i < t.length; i++) {
        t[i] = other[i] > 0 ? 1 : 0;
      }
      return t;
    }
    int classes = labels.length / rows;
    double[][] mean = new double[classes][bits];
    int[] count = new int[classes];
    for (double[] p : new double[][] {p1, p2}) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < classes; c++) {
          if (labels[r * classes + c] != 0) {
            count[c]++;
            for (int k = 0; k < bits; k++) {
              mean[c][k] += p[r * bits + k];
            }
          }
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      int active = 0;
      double[] s = new double[bits];
      for (int c = 0; c < classes; c++) {
        if (labels[r * classes + c] != 0) {
          active++;
          for (int k = 0; k < bits; k++) {
            s[k] += mean[c][k] / Math.max(1, count[c]);
          }
        }
      }
      for (int k = 0; k < bits; k++) {
        t[r * bits + k] = s[k] / Math.max(1, active) > 0 ? 1 : 0;
      }
    }
    return t;
  }
}
