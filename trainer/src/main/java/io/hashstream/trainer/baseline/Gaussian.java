package io.hashstream.trainer.baseline;

import java.util.SplittableRandom;

/** Standard normal draws from a {@link SplittableRandom} (Box–Muller, one value per call). */
final class Gaussian {
  private Gaussian() {}

  static double next(SplittableRandom random) {
    double u = 1.0 - random.nextDouble(); // (0, 1]
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A random orthogonal {@code n × n} matrix: Gram–Schmidt on a Gaussian matrix's rows. */
  static double[][] orthogonal(int n, SplittableRandom random) {
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int j = 0; j < n; j++) {
        row[j] = next(random);
      }
    }
    Matrices.orthonormaliseRows(m);
    return m;
  }
}
