package io.hashstream.trainer.baseline;

import java.util.SplittableRandom;

/**
 * The top principal directions of a set of rows: the mean, and {@code k} orthonormal directions
 * ordered by decreasing variance, found by subspace iteration on the covariance matrix followed by
 * a Rayleigh–Ritz step (exact eigenvectors of the covariance restricted to the subspace).
 *
 * <p>Cost: {@code n · d² / 2} multiply-adds for the covariance (about 3·10⁹ for 2,000 rows of
 * 1,792; a few seconds), then {@code d² · k} per iteration. Memory: {@code d²} doubles. Immutable.
 *
 * @param mean the rows' mean, {@code d} values
 * @param directions {@code k} unit rows of {@code d}, by decreasing variance
 * @param variances the variance along each direction
 */
record PrincipalSubspace(double[] mean, double[][] directions, double[] variances) {

  /** Iterations of the subspace iteration; the gap between the top 64 and the rest converges well. */
  static final int ITERATIONS = 30;

  /**
   * Fits the subspace.
   *
   * @param rows the data, at least 2 rows of equal length
   * @param k directions wanted, at most the dimension
   * @param seed seeds the starting subspace
   * @return the subspace
   */
  static PrincipalSubspace fit(float[][] rows, int k, long seed) {
    int n = rows.length;
    int d = rows[0].length;
    if (k > d) {
      throw new IllegalArgumentException(k + " directions in " + d + " dimensions");
    }
    double[] mean = new double[d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] cov = covariance(rows, mean);
    SplittableRandom random = new SplittableRandom(seed);
    double[][] q = new double[k][d];
    for (double[] r : q) {
      for (int j = 0; j < d; j++) {
        r[j] = Gaussian.next(random);
      }
    }
    Matrices.orthonormaliseRows(q);
    for (int it = 0; it < ITERATIONS; it++) {
      q = times(cov, q);
      Matrices.orthonormaliseRows(q);
    }
    // Rayleigh–Ritz: T = Q C Qᵀ (k × k, symmetric PSD), T = V Λ Vᵀ; directions = Vᵀ Q
    double[][] cq = times(cov, q);
    double[][] t = Matrices.multiply(q, Matrices.transpose(cq));
    Matrices.Svd svd = Matrices.svd(t);
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(svd.sigma()[b], svd.sigma()[a]));
    double[][] directions = new double[k][d];
    double[] variances = new double[k];
    for (int i = 0; i < k; i++) {
      int col = order[i];
      variances[i] = svd.sigma()[col];
      for (int p = 0; p < k; p++) {
        double w = svd.v()[p][col];
        for (int j = 0; j < d; j++) {
          directions[i][j] += w * q[p][j];
        }
      }
    }
    Matrices.orthonormaliseRows(directions);
    return new PrincipalSubspace(mean, directions, variances);
  }

  /** The first {@code k} directions. */
  double[][] top(int k) {
    double[][] out = new double[k][];
    for (int i = 0; i < k; i++) {
      out[i] = directions[i].clone();
    }
    return out;
  }

  /** Projections of centred rows onto the first {@code k} directions, {@code n × k}. */
  double[][] project(float[][] rows, int k) {
    double[][] out = new double[rows.length][k];
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i < k; i++) {
        double s = 0;
        double[] w = directions[i];
        for (int j = 0; j < mean.length; j++) {
          s += (rows[r][j] - mean[j]) * w[j];
        }
        out[r][i] = s;
      }
    }
    return out;
  }

  /** Rows of {@code (C · qᵢ)} for symmetric {@code c}. */
  private static double[][] times(double[][] c, double[][] q) {
    int d = c.length;
    double[][] out = new double[q.length][d];
    for (int i = 0; i < q.length; i++) {
      double[] qi = q[i];
      double[] oi = out[i];
      for (int a = 0; a < d; a++) {
        oi[a] = Matrices.dot(c[a], qi);
      }
    }
    return out;
  }

  private static double[][] covariance(float[][] rows, double[] mean) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        centred[j] = row[j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ca = centred[a];
        if (ca == 0) {
          continue;
        }
        double[] ra = cov[a];
        for (int b = a; b < d; b++) {
          ra[b] += ca * centred[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] /= rows.length;
        cov[b][a] = cov[a][b];
      }
    }
    return cov;
  }
}
