package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The coding-rate regulariser ({@link CodingRate}) as a differentiable term of a DJL graph. DJL has
 * no differentiable Cholesky or logdet, so the logdet part is computed off the tape and its exact
 * gradient injected:
 *
 * <ol>
 *   <li>Z = row-normalised logits, built with NDArray ops (on the tape);
 *   <li>Z is copied to Java, and {@link CodingRate#evaluateNormalised} gives L_reg and G =
 *       ∂L_reg/∂Z in double precision (Cholesky of the b×b matrix);
 *   <li>the term is {@code sum(Z ⊙ G) + c}, with G a constant and {@code c = L_reg − Σ Z·G}.
 * </ol>
 *
 * <p>Its gradient with respect to Z is exactly G, and autograd carries it through the row
 * normalisation and the network; its value is L_reg (up to the rounding of the sum in the logits'
 * precision). Exact in the sense that nothing is approximated: the gradient is the analytic one,
 * checked against central finite differences in {@code CodingRateLossTest}. Cost per call: one
 * device-to-host copy of Z (m×b) and O(m·b² + b³) double flops in Java. Stateless and immutable;
 * calls from different threads do not interfere (each uses its own arrays).
 */
public final class CodingRateLoss {
  private final CodingRate codingRate;

  /**
   * Creates the term.
   *
   * @param eps the coding-rate eps (0.05 in the paper)
   */
  public CodingRateLoss(double eps) {
    this.codingRate = new CodingRate(eps);
  }

  /**
   * The term for one view's logits.
   *
   * @param logits {@code [m, b]} HashCoder logits, float32 or float64
   * @return the scalar to back-propagate and L_reg
   */
  public LossTerm apply(NDArray logits) {
    int rows = Math.toIntExact(logits.getShape().get(0));
    int bits = Math.toIntExact(logits.getShape().get(1));
    NDArray norms =
        logits
            .square()
            .sum(new int[] {1}, true)
            .sqrt()
            .maximum(Scalars.of(logits, CodingRate.NORM_FLOOR));
    NDArray z = logits.div(norms);
    double[] zValues = z.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    CodingRate.Evaluation evaluation = codingRate.evaluateNormalised(zValues, rows, bits);
    NDArray gradient =
        z.getManager()
            .create(evaluation.gradient(), z.getShape())
            .toType(z.getDataType(), true); // a copy PyTorch owns, see Scalars
    double[] g = gradient.toType(DataType.FLOAT64, false).toDoubleArray();
    double linear = 0;
    for (int i = 0; i < g.length; i++) {
      linear += zValues[i] * g[i];
    }
    NDArray loss = z.mul(gradient).sum().add(Scalars.of(z, evaluation.value() - linear));
    return new LossTerm(loss, evaluation.value());
  }
}
