package io.hashstream.code;

import java.util.SplittableRandom;

/**
 * Seeded generators of packed codes for tests and benchmarks: uniform, clustered and
 * duplicate-heavy sets, distinct ids, and queries near stored codes. The same seed always gives
 * the same codes, so a failure replays from its seed alone.
 *
 * <p>Codes come back packed back to back ({@code n · words} longs, code {@code i} at {@code i ·
 * words}), the layout {@link PackedCodes} and the index use.
 */
public final class CodeFixtures {
  /** The shapes a code set can take. */
  public enum Distribution {
    /** Independent uniform bits: the easiest case for multi-index hashing. */
    UNIFORM,
    /**
     * Tight clusters: {@code n / 50} uniform centres, each item its centre with up to {@code bits
     * / 8} random bits flipped. Buckets near a centre are crowded, as with learned codes.
     */
    CLUSTERED,
    /** Exact duplicates: items drawn from a pool of {@code n / 20} uniform codes. */
    DUPLICATE_HEAVY
  }

  private CodeFixtures() {}

  /** Returns {@code n} codes of the given distribution, packed. */
  public static long[] codes(Distribution distribution, CodeLength length, int n, long seed) {
    switch (distribution) {
      case UNIFORM:
        return uniform(length, n, seed);
      case CLUSTERED:
        return clustered(length, n, Math.max(1, n / 50), length.bits() / 8, seed);
      case DUPLICATE_HEAVY:
        return duplicateHeavy(length, n, Math.max(1, n / 20), seed);
      default:
        throw new IllegalArgumentException(distribution.toString());
    }
  }

  /** Returns {@code n} uniform codes, packed. */
  public static long[] uniform(CodeLength length, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] codes = new long[n * length.words()];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = random.nextLong() & length.wordMask();
    }
    return codes;
  }

  /**
   * Returns {@code n} codes around {@code centres} uniform centres, each with {@code 0..maxFlips}
   * (uniform) random bits flipped.
   */
  public static long[] clustered(
      CodeLength length, int n, int centres, int maxFlips, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] centreCodes = uniform(length, centres, random.nextLong());
    int words = length.words();
    long[] codes = new long[n * words];
    for (int i = 0; i < n; i++) {
      System.arraycopy(centreCodes, random.nextInt(centres) * words, codes, i * words, words);
      flip(length, codes, i * words, random.nextInt(maxFlips + 1), random);
    }
    return codes;
  }

  /** Returns {@code n} codes drawn (with replacement) from a pool of {@code pool} uniform codes. */
  public static long[] duplicateHeavy(CodeLength length, int n, int pool, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] poolCodes = uniform(length, pool, random.nextLong());
    int words = length.words();
    long[] codes = new long[n * words];
    for (int i = 0; i < n; i++) {
      System.arraycopy(poolCodes, random.nextInt(pool) * words, codes, i * words, words);
    }
    return codes;
  }

  /**
   * Returns {@code count} queries: even ones copy a random stored code (of the first {@code
   * stored}) and flip {@code 0..maxFlips} of its bits, odd ones are uniform.
   */
  public static long[] queries(
      CodeLength length, long[] storedCodes, int stored, int count, int maxFlips, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int words = length.words();
    long[] queries = new long[count * words];
    for (int q = 0; q < count; q++) {
      if (q % 2 == 0 && stored > 0) {
        System.arraycopy(storedCodes, random.nextInt(stored) * words, queries, q * words, words);
        flip(length, queries, q * words, random.nextInt(maxFlips + 1), random);
      } else {
        for (int w = 0; w < words; w++) {
          queries[q * words + w] = random.nextLong() & length.wordMask();
        }
      }
    }
    return queries;
  }

  /** Returns {@code n} distinct ids, scattered over the whole {@code long} range. */
  public static long[] ids(int n, long seed) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = scramble(seed * 0x100000001L + i);
    }
    return ids;
  }

  /** Flips {@code flips} distinct random bits of the code at {@code code[offset]}. */
  public static void flip(
      CodeLength length, long[] code, int offset, int flips, SplittableRandom random) {
    long[] mask = new long[length.words()];
    int set = 0;
    while (set < Math.min(flips, length.bits())) {
      int bit = random.nextInt(length.bits());
      if (!PackedCodes.bit(length, mask, 0, bit)) {
        PackedCodes.setBit(length, mask, 0, bit);
        set++;
      }
    }
    for (int w = 0; w < mask.length; w++) {
      code[offset + w] ^= mask[w];
    }
  }

  /** A bijection on longs (the SplitMix64 finaliser), so distinct inputs give distinct ids. */
  private static long scramble(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
