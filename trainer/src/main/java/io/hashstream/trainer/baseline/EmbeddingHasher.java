package io.hashstream.trainer.baseline;

import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;

/**
 * A fitted linear hashing function: bit {@code i} of a row's code is {@code (x − μ) · w_i > 0}
 * for a projection matrix {@code W} ({@code bits × d}) and an offset {@code μ}, packed as the
 * HashCoder packs its codes ({@link PackedCodes#packSigns}). Immutable; {@link #codes} may be
 * called from several threads. Cost: {@code bits · d} multiply-adds per row.
 */
public class EmbeddingHasher {
  private final CodeLength length;
  private final double[][] projection;
  private final double[] offset;

  /**
   * Creates the hasher; the arrays are owned by it from now on.
   *
   * @param length the code length; {@code projection.length} must be its bits
   * @param projection {@code bits} rows of {@code d}
   * @param offset the {@code d}-vector subtracted first (the training mean, or zeros)
   */
  protected EmbeddingHasher(CodeLength length, double[][] projection, double[] offset) {
    if (projection.length != length.bits()) {
      throw new IllegalArgumentException(
          projection.length + " projections for a " + length.bits() + "-bit code");
    }
    this.length = length;
    this.projection = projection;
    this.offset = offset;
  }

  /**
   * The code length.
   *
   * @return the length
   */
  public CodeLength codeLength() {
    return length;
  }

  /**
   * Codes of rows.
   *
   * @param rows embeddings of {@code d} floats; not modified
   * @return {@code rows.length · codeLength().words()} longs, row {@code r} at {@code r · words}
   */
  public long[] codes(float[][] rows) {
    int words = length.words();
    long[] out = new long[rows.length * words];
    float[] projected = new float[length.bits()];
    for (int r = 0; r < rows.length; r++) {
      project(rows[r], projected);
      PackedCodes.packSigns(projected, 0, length, out, r * words);
    }
    return out;
  }

  /** Writes {@code W (x − μ)} into {@code out}. */
  void project(float[] x, float[] out) {
    int d = offset.length;
    if (x.length != d) {
      throw new IllegalArgumentException("row has " + x.length + " values, expected " + d);
    }
    for (int i = 0; i < projection.length; i++) {
      double[] w = projection[i];
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += (x[j] - offset[j]) * w[j];
      }
      out[i] = (float) s;
    }
  }
}
