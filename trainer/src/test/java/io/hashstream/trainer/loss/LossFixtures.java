package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hashstream.model.HashCoderSession;
import java.util.Random;

/** Arrays for the loss tests. */
final class LossFixtures {
  private LossFixtures() {}

  static NDManager manager() {
    return NDManager.newBaseManager(HashCoderSession.ENGINE);
  }

  static NDArray float64(NDManager manager, double[] values, int rows, int cols) {
    return manager.create(values, new Shape(rows, cols));
  }

  static NDArray float32(NDManager manager, double[] values, int rows, int cols) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return manager.create(f, new Shape(rows, cols));
  }

  /** Gaussian values kept at least 0.05 away from 0, so no hard code flips within a ±1e-5 step. */
  static double[] logits(int n, long seed) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      v[i] = Math.copySign(Math.abs(x) + 0.05, x);
    }
    return v;
  }
}
