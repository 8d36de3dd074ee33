package io.hashstream.trainer.baseline;

import io.hashstream.code.CodeLength;
import java.util.SplittableRandom;

/**
 * PCA + random rotation + sign (the "Hashing-Baseline" recipe): centre on the training mean,
 * project on the top {@code bits} principal directions, rotate by a random orthogonal matrix (which
 * spreads the variance over the bits), take signs. Deterministic given the seed.
 */
public final class PcaRotation extends EmbeddingHasher {
  private PcaRotation(CodeLength length, double[][] projection, double[] offset) {
    super(length, projection, offset);
  }

  /**
   * Fits on training rows. Cost: see {@link PrincipalSubspace}.
   *
   * @param rows training embeddings, post-processed
   * @param length the code length (its bits at most the dimension)
   * @param seed seeds the subspace iteration and the rotation
   * @return the hasher
   */
  public static PcaRotation fit(float[][] rows, CodeLength length, long seed) {
    return of(PrincipalSubspace.fit(rows, length.bits(), seed), length, seed);
  }

  /** From a fitted subspace with at least {@code bits} directions. */
  static PcaRotation of(PrincipalSubspace pca, CodeLength length, long seed) {
    int bits = length.bits();
    double[][] rotation = Gaussian.orthogonal(bits, new SplittableRandom(seed ^ 0x5DEECE66DL));
    // W = Rᵀ Q: bit i projects on Σ_k R[k][i] q_k
    double[][] w = Matrices.multiply(Matrices.transpose(rotation), pca.top(bits));
    return new PcaRotation(length, w, pca.mean().clone());
  }
}
