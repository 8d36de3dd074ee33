package io.hashstream.trainer.eval;

import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;
import io.hashstream.model.HashCoderSession;
import java.util.Arrays;

/**
 * How balanced a model's bits are: for each bit, the fraction of rows whose code has it set, with
 * the codes computed exactly as serving computes them ({@link HashCoderSession#codes}, BatchNorm in
 * inference mode). A balanced code has every fraction near ½; a collapsed bit sits at 0 or 1.
 * Cost: one inference pass over the rows, in batches of {@value #BATCH_ROWS}. Stateless.
 */
public final class BitBalance {
  static final int BATCH_ROWS = 512;

  private BitBalance() {}

  /**
   * Fraction of ones per bit over the first {@code maxRows} rows.
   *
   * @param session the model
   * @param rows post-processed embeddings, one per row
   * @param maxRows how many rows to use at most
   * @return one fraction per bit, bit 0 first
   */
  public static double[] fractionOfOnes(HashCoderSession session, float[][] rows, int maxRows) {
    CodeLength length = session.codeLength();
    int n = Math.min(rows.length, maxRows);
    if (n == 0) {
      throw new IllegalArgumentException("no rows to measure");
    }
    int d = rows[0].length;
    long[] ones = new long[length.bits()];
    float[] batch = new float[BATCH_ROWS * d];
    for (int from = 0; from < n; from += BATCH_ROWS) {
      int count = Math.min(BATCH_ROWS, n - from);
      for (int i = 0; i < count; i++) {
        System.arraycopy(rows[from + i], 0, batch, i * d, d);
      }
      float[] input = count == BATCH_ROWS ? batch : Arrays.copyOf(batch, count * d);
      long[] codes = session.codes(input, count);
      for (int i = 0; i < count; i++) {
        for (int bit = 0; bit < length.bits(); bit++) {
          if (PackedCodes.bit(length, codes, i * length.words(), bit)) {
            ones[bit]++;
          }
        }
      }
    }
    double[] fractions = new double[ones.length];
    for (int bit = 0; bit < ones.length; bit++) {
      fractions[bit] = ones[bit] / (double) n;
    }
    return fractions;
  }

  /**
   * The smallest fraction.
   *
   * @param fractions per-bit fractions
   * @return the minimum
   */
  public static double min(double[] fractions) {
    double m = Double.POSITIVE_INFINITY;
    for (double f : fractions) {
      m = Math.min(m, f);
    }
    return m;
  }

  /**
   * The largest fraction.
   *
   * @param fractions per-bit fractions
   * @return the maximum
   */
  public static double max(double[] fractions) {
    double m = Double.NEGATIVE_INFINITY;
    for (double f : fractions) {
      m = Math.max(m, f);
    }
    return m;
  }
}
