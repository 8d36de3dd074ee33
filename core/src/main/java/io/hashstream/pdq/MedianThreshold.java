package io.hashstream.pdq;

import java.util.Arrays;

/**
 * Turns 16×16 DCT coefficients into PDQ's 256 bits: a bit is set where the coefficient is strictly
 * greater than the median of the 256, so about half the bits are set whatever the image's contrast.
 *
 * <p><b>Which median.</b> For an even count there are two middle values. The reference computes
 * Torben's median, which for 256 values always ends on the 128th smallest (the lower middle value):
 * it stops once at most 128 values lie on each side of its guess, and returns the largest value
 * below the guess when exactly 128 are below, the guess otherwise. Sorting a copy and taking index
 * 127 gives that same value, so hashes are identical.
 *
 * <p><b>Bit order.</b> Coefficient {@code k = 16u + v} is bit {@code k} of the reference's 256-bit
 * number, whose hex form prints the most significant digit first. In {@link
 * io.hashstream.code.CodeLength#BITS_256} packing (word 0 holds the first 64 bits of the hex
 * string, most significant first), that is bit {@code k & 63} (counted from the least significant)
 * of word {@code 3 − k / 64}.
 *
 * <p>Cost: one sort of 256 floats (a few microseconds); no allocation. Stateless.
 */
final class MedianThreshold {
  static final int BITS = PdqDct.SIZE * PdqDct.SIZE;

  /** Words of a packed hash. */
  static final int WORDS = BITS / 64;

  private MedianThreshold() {}

  /**
   * Packs the bits of one set of coefficients.
   *
   * @param coefficients 256 values, {@code k = 16u + v}; not modified
   * @param sortScratch at least 256 floats; overwritten
   * @param dst receives 4 words at {@code dstOffset}
   */
  static void pack(float[] coefficients, float[] sortScratch, long[] dst, int dstOffset) {
    System.arraycopy(coefficients, 0, sortScratch, 0, BITS);
    Arrays.sort(sortScratch, 0, BITS);
    float median = sortScratch[BITS / 2 - 1];
    for (int w = 0; w < WORDS; w++) {
      long word = 0;
      int base = (WORDS - 1 - w) * 64;
      for (int bit = 63; bit >= 0; bit--) {
        word = word << 1 | (coefficients[base + bit] > median ? 1L : 0L);
      }
      dst[dstOffset + w] = word;
    }
  }
}
