package io.hashstream.trainer.baseline;

import io.hashstream.code.CodeLength;
import java.util.SplittableRandom;

/**
 * Iterative quantisation (Gong and Lazebnik, CVPR 2011): centre, project on the top {@code bits}
 * principal directions ({@code V}), then alternate {@code B = sign(V R)} and the orthogonal
 * Procrustes step {@code R = U Wᵀ} where {@code Vᵀ B = U Σ Wᵀ}, which never increases the
 * quantisation loss {@code ‖B − V R‖²}. Deterministic given the seed.
 */
public final class Itq extends EmbeddingHasher {
  /** The iterations of the paper. */
  public static final int DEFAULT_ITERATIONS = 50;

  private final double[][] rotation;
  private final double[] lossHistory;

  private Itq(
      CodeLength length,
      double[][] projection,
      double[] offset,
      double[][] rotation,
      double[] lossHistory) {
    super(length, projection, offset);
    this.rotation = rotation;
    this.lossHistory = lossHistory;
  }

  /**
   * Fits on training rows. Cost: the PCA ({@link PrincipalSubspace}) plus {@code iterations · (2 n
   * bits² + bits³)}.
   *
   * @param rows training embeddings, post-processed
   * @param length the code length
   * @param iterations rotation updates, at least 1
   * @param seed seeds the PCA and the initial rotation
   * @return the hasher
   */
  public static Itq fit(float[][] rows, CodeLength length, int iterations, long seed) {
    PrincipalSubspace pca = PrincipalSubspace.fit(rows, length.bits(), seed);
    return of(pca, rows, length, iterations, seed);
  }

  /** From a fitted subspace with at least {@code bits} directions. */
  static Itq of(
      PrincipalSubspace pca, float[][] rows, CodeLength length, int iterations, long seed) {
    int bits = length.bits();
    double[][] v = pca.project(rows, bits);
    double[][] r = Gaussian.orthogonal(bits, new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL));
    double[] losses = new double[iterations + 1];
    double[][] b = new double[v.length][bits];
    for (int it = 0; it <= iterations; it++) {
      double[][] vr = Matrices.multiply(v, r);
      double loss = 0;
      for (int i = 0; i < vr.length; i++) {
        for (int j = 0; j < bits; j++) {
          b[i][j] = vr[i][j] > 0 ? 1 : -1;
          double e = b[i][j] - vr[i][j];
          loss += e * e;
        }
      }
      losses[it] = loss;
      if (it == iterations) {
        break;
      }
      Matrices.Svd svd = Matrices.svd(Matrices.multiply(Matrices.transpose(v), b));
      r = Matrices.multiply(svd.u(), Matrices.transpose(svd.v()));
    }
    double[][] w = Matrices.multiply(Matrices.transpose(r), pca.top(bits));
    return new Itq(length, w, pca.mean().clone(), r, losses);
  }

  /**
   * The learned rotation.
   *
   * @return a copy, {@code bits × bits}, orthogonal
   */
  public double[][] rotation() {
    double[][] out = new double[rotation.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = rotation[i].clone();
    }
    return out;
  }

  /**
   * The quantisation loss {@code ‖B − V R‖²} on the training rows before the first update and
   * after each one.
   *
   * @return {@code iterations + 1} values, non-increasing up to rounding
   */
  public double[] lossHistory() {
    return lossHistory.clone();
  }
}
