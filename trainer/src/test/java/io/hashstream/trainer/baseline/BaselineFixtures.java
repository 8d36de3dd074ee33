package io.hashstream.trainer.baseline;

import java.util.SplittableRandom;

/** Seeded clustered rows for the baseline tests: a few Gaussian clusters with unequal spreads. */
final class BaselineFixtures {
  private BaselineFixtures() {}

  /** {@code n} unit-length rows of {@code d}, around {@code clusters} random centres. */
  static float[][] clustered(int n, int d, int clusters, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centres = new double[clusters][d];
    for (double[] c : centres) {
      for (int j = 0; j < d; j++) {
        c[j] = Gaussian.next(random) * (1.0 + j % 3);
      }
    }
    float[][] rows = new float[n][d];
    for (int i = 0; i < n; i++) {
      double[] c = centres[i % clusters];
      double norm = 0;
      for (int j = 0; j < d; j++) {
        double v = c[j] + 0.3 * Gaussian.next(random);
        rows[i][j] = (float) v;
        norm += v * v;
      }
      for (int j = 0; j < d; j++) {
        rows[i][j] /= (float) Math.sqrt(norm);
      }
    }
    return rows;
  }
}
