package io.hashstream.trainer.loss;

/**
 * CroVCA's coding-rate regulariser in plain Java, double precision, with its exact gradient.
 * Following the paper's code (SimDINO's {@code MCR} "expansion" term): for logits P (m rows, p =
 * bits columns),
 *
 * <pre>
 * Z = P with each row L2-normalised (a zero row stays zero; norms are clamped at 1e-12 as torch's
 * F.normalize does)
 * a = p / (m · eps)          (eps = 0.05 is not squared)
 * M = I_p + a · ZᵀZ          (p × p, not mean-centred)
 * L_reg = −γ · ½ · logdet(M),  γ = (p + m) / (p · m)
 * ∂L_reg/∂Z = −γ · a · Z · M⁻¹
 * </pre>
 *
 * <p>logdet and M⁻¹ come from a Cholesky factorisation of M (M ≥ I, so it always exists). Cost:
 * O(m·p² + p³) flops, about 6 Mflop for m = 256, p = 128. Immutable and stateless apart from eps.
 */
public final class CodingRate {
  /** The paper's eps. */
  public static final double PAPER_EPS = 0.05;

  /** torch F.normalize's floor on a row norm. */
  static final double NORM_FLOOR = 1e-12;

  /**
   * The value and gradient at one point.
   *
   * @param value L_reg
   * @param gradient ∂L_reg/∂Z, row-major m×p
   */
  public record Evaluation(double value, double[] gradient) {}

  private final double eps;

  /**
   * Creates the regulariser.
   *
   * @param eps the coding-rate eps (0.05 in the paper)
   */
  public CodingRate(double eps) {
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0: " + eps);
    }
    this.eps = eps;
  }

  /**
   * L_reg of raw logits (row normalisation included): the golden-value and finite-difference
   * reference.
   *
   * @param logits row-major m×p
   * @param rows m
   * @param bits p
   * @return L_reg
   */
  public double value(double[] logits, int rows, int bits) {
    return evaluateNormalised(normaliseRows(logits, rows, bits), rows, bits).value();
  }

  /**
   * L_reg and ∂L_reg/∂Z at already row-normalised Z.
   *
   * @param z row-major m×p, rows of unit (or zero) length
   * @param rows m
   * @param bits p
   * @return value and gradient
   */
  public Evaluation evaluateNormalised(double[] z, int rows, int bits) {
    if (z.length != rows * bits || rows < 1 || bits < 1) {
      throw new IllegalArgumentException(z.length + " values for " + rows + " x " + bits);
    }
    int p = bits;
    int m = rows;
    double a = p / (m * eps);
    double gamma = (double) (p + m) / ((double) p * m);
    double[] matrix = new double[p * p];
    for (int r = 0; r < m; r++) {
      int row = r * p;
      for (int i = 0; i < p; i++) {
        double zi = z[row + i];
        if (zi != 0) {
          for (int j = 0; j <= i; j++) {
            matrix[i * p + j] += zi * z[row + j];
          }
        }
      }
    }
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        matrix[i * p + j] = (i == j ? 1 : 0) + a * matrix[i * p + j];
      }
    }
    Cholesky cholesky = Cholesky.of(matrix, p);
    double value = -gamma * 0.5 * cholesky.logDeterminant();
    double[] inverse = cholesky.inverse();
    double[] gradient = new double[m * p];
    double scale = -gamma * a;
    for (int r = 0; r < m; r++) {
      int row = r * p;
      for (int k = 0; k < p; k++) {
        double zk = z[row + k];
        if (zk != 0) {
          for (int j = 0; j < p; j++) {
            gradient[row + j] += scale * zk * inverse[k * p + j];
          }
        }
      }
    }
    return new Evaluation(value, gradient);
  }

  static double[] normaliseRows(double[] logits, int rows, int bits) {
    double[] z = new double[logits.length];
    for (int r = 0; r < rows; r++) {
      double norm2 = 0;
      for (int j = 0; j < bits; j++) {
        norm2 += logits[r * bits + j] * logits[r * bits + j];
      }
      double norm = Math.max(Math.sqrt(norm2), NORM_FLOOR);
      for (int j = 0; j < bits; j++) {
        z[r * bits + j] = logits[r * bits + j] / norm;
      }
    }
    return z;
  }
}
