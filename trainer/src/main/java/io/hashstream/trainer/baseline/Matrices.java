package io.hashstream.trainer.baseline;

/**
 * The few dense operations the baselines need, on row-major {@code double[][]}: products,
 * Gram–Schmidt and a one-sided Jacobi SVD for small square matrices. Stateless; every method
 * allocates its result and leaves its inputs unaffected unless its name says otherwise.
 */
final class Matrices {
  private Matrices() {}

  /** {@code a · b}. Cost {@code rows(a) · cols(a) · cols(b)}. */
  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    int k = b.length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      double[] row = out[i];
      for (int p = 0; p < k; p++) {
        double v = a[i][p];
        if (v == 0) {
          continue;
        }
        double[] bp = b[p];
        for (int j = 0; j < m; j++) {
          row[j] += v * bp[j];
        }
      }
    }
    return out;
  }

  /** {@code aᵀ}. */
  static double[][] transpose(double[][] a) {
    double[][] out = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        out[j][i] = a[i][j];
      }
    }
    return out;
  }

  /**
   * Makes the rows orthonormal in place (modified Gram–Schmidt, twice for stability); a row that
   * becomes (numerically) zero is replaced by a unit vector orthogonal to the previous rows.
   */
  static void orthonormaliseRows(double[][] rows) {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < rows.length; i++) {
        double[] r = rows[i];
        for (int p = 0; p < i; p++) {
          double dot = dot(r, rows[p]);
          double[] q = rows[p];
          for (int j = 0; j < r.length; j++) {
            r[j] -= dot * q[j];
          }
        }
        double norm = Math.sqrt(dot(r, r));
        if (norm < 1e-12) {
          java.util.Arrays.fill(r, 0);
          r[i % r.length] = 1; // degenerate input; the next pass orthogonalises it
          norm = 1;
        }
        for (int j = 0; j < r.length; j++) {
          r[j] /= norm;
        }
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A singular value decomposition {@code m = u · diag(sigma) · vᵀ}. */
  record Svd(double[][] u, double[] sigma, double[][] v) {}

  /**
   * One-sided Jacobi SVD of a square matrix (Hestenes): rotates column pairs of a copy of {@code m}
   * until all are orthogonal. Accurate to about 1e-12 relative; cost about {@code 6 n³} per sweep,
   * a few to ten sweeps. For the small ({@code bits × bits}) matrices of ITQ and Rayleigh–Ritz.
   */
  static Svd svd(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = m[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 60; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double alpha = 0;
          double beta = 0;
          double gamma = 0;
          for (int i = 0; i < n; i++) {
            alpha += a[i][p] * a[i][p];
            beta += a[i][q] * a[i][q];
            gamma += a[i][p] * a[i][q];
          }
          if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma == 0) {
            continue;
          }
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(1 + t * t);
          double s = c * t;
          for (int i = 0; i < n; i++) {
            double ap = a[i][p];
            double aq = a[i][q];
            a[i][p] = c * ap - s * aq;
            a[i][q] = s * ap + c * aq;
            double vp = v[i][p];
            double vq = v[i][q];
            v[i][p] = c * vp - s * vq;
            v[i][q] = s * vp + c * vq;
          }
        }
      }
      if (!rotated) {
        break;
      }
    }
    double[] sigma = new double[n];
    double[][] u = new double[n][n];
    for (int j = 0; j < n; j++) {
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += a[i][j] * a[i][j];
      }
      norm = Math.sqrt(norm);
      sigma[j] = norm;
      for (int i = 0; i < n; i++) {
        u[i][j] = norm > 1e-300 ? a[i][j] / norm : (i == j ? 1 : 0);
      }
    }
    return new Svd(u, sigma, v);
  }
}
