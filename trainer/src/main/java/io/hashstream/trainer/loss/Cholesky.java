package io.hashstream.trainer.loss;

/**
 * Cholesky factorisation {@code A = L Lᵀ} of a small symmetric positive-definite matrix, in double
 * precision, row-major. Used on the b×b coding-rate matrix (b ≤ 256), so the O(n³) cost is at most
 * a few million flops. Immutable once built.
 */
final class Cholesky {
  private final int n;
  private final double[] lower; // row-major n×n, upper triangle zero

  private Cholesky(int n, double[] lower) {
    this.n = n;
    this.lower = lower;
  }

  /**
   * Factorises {@code a} (only its lower triangle is read).
   *
   * @throws ArithmeticException if {@code a} is not positive definite
   */
  static Cholesky of(double[] a, int n) {
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) {
          s -= l[i * n + k] * l[j * n + k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new ArithmeticException("matrix is not positive definite (pivot " + s + ")");
          }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + j] = s / l[j * n + j];
        }
      }
    }
    return new Cholesky(n, l);
  }

  /** {@code log det A = 2 Σ log L_ii}. */
  double logDeterminant() {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += StrictMath.log(lower[i * n + i]);
    }
    return 2 * s;
  }

  /** {@code A⁻¹}, row-major, from {@code L⁻¹} as {@code L⁻ᵀ L⁻¹}. */
  double[] inverse() {
    double[] inv = new double[n * n]; // L⁻¹, lower triangular
    for (int col = 0; col < n; col++) {
      for (int i = col; i < n; i++) {
        double s = i == col ? 1 : 0;
        for (int k = col; k < i; k++) {
          s -= lower[i * n + k] * inv[k * n + col];
        }
        inv[i * n + col] = s / lower[i * n + i];
      }
    }
    double[] out = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = i; k < n; k++) { // (L⁻ᵀ L⁻¹)_ij = Σ_k L⁻¹_ki L⁻¹_kj, nonzero for k ≥ max(i,j)
          s += inv[k * n + i] * inv[k * n + j];
        }
        out[i * n + j] = s;
        out[j * n + i] = s;
      }
    }
    return out;
  }
}
