package io.hashstream.code;

/**
 * Hamming distance between packed codes ({@link CodeLength} describes the packing).
 *
 * <p>Exact, allocation-free, one {@link Long#bitCount} per word (a single POPCNT instruction on
 * x86-64 and AArch64). Stateless, so any thread may call it.
 */
public final class Hamming {
  private Hamming() {}

  /** Returns the distance between two one-word codes. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /**
   * Returns the distance between the codes of {@code words} words at {@code a[aOffset]} and {@code
   * b[bOffset]}.
   */
  public static int distance(long[] a, int aOffset, long[] b, int bOffset, int words) {
    int distance = 0;
    for (int w = 0; w < words; w++) {
      distance += Long.bitCount(a[aOffset + w] ^ b[bOffset + w]);
    }
    return distance;
  }

  /** Returns the distance between two codes of the given length. */
  public static int distance(CodeLength length, long[] a, int aOffset, long[] b, int bOffset) {
    return distance(a, aOffset, b, bOffset, length.words());
  }

  /** Returns whether the two codes of {@code words} words are equal. */
  public static boolean equal(long[] a, int aOffset, long[] b, int bOffset, int words) {
    for (int w = 0; w < words; w++) {
      if (a[aOffset + w] != b[bOffset + w]) {
        return false;
      }
    }
    return true;
  }
}
