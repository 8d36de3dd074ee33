package io.hashstream.trainer.baseline;

import io.hashstream.code.CodeLength;
import java.util.SplittableRandom;

/**
 * Locality-sensitive hashing with random hyperplanes (Charikar's SimHash): each bit is the sign of
 * the row's dot product with an independent standard Gaussian vector, no centring. Needs no
 * training data; the same (dimension, length, seed) always gives the same hyperplanes.
 */
public final class Lsh extends EmbeddingHasher {
  private Lsh(CodeLength length, double[][] planes, double[] offset) {
    super(length, planes, offset);
  }

  /**
   * Draws the hyperplanes.
   *
   * @param dimension the embedding size
   * @param length the code length
   * @param seed the seed
   * @return the hasher
   */
  public static Lsh create(int dimension, CodeLength length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] planes = new double[length.bits()][dimension];
    for (double[] plane : planes) {
      for (int j = 0; j < dimension; j++) {
        plane[j] = Gaussian.next(random);
      }
    }
    return new Lsh(length, planes, new double[dimension]);
  }
}
