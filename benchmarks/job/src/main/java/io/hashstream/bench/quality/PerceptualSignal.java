package io.hashstream.bench.quality;

import io.hashstream.trainer.eval.FusedOperatingPoint;

/**
 * A perceptual hash scored beside the learned code in copy detection: packed codes of {@code
 * words} 64-bit words per hash, {@code variants} hashes per query (PDQ's 8 dihedral variants: the
 * query matches on the nearest) and one per database item. pHash and dHash are 64-bit, one
 * variant; PDQ is 256-bit (4 words), and PDQ tried in its 8 rotations/flips is 4 words, 8 variants.
 * Immutable by convention: the arrays are not copied and must not change.
 *
 * @param name the name reports use, e.g. {@code phash-64}, {@code pdq}, {@code pdq-x8}
 * @param words 64-bit words per hash
 * @param variants hashes per query
 * @param queries {@code queries · variants · words} longs, query-major
 * @param database {@code items · words} longs
 */
record PerceptualSignal(String name, int words, int variants, long[] queries, long[] database) {

  /** Bits per hash, the largest distance. */
  int bits() {
    return 64 * words;
  }

  /** The Hamming distance of a query (its nearest variant) to a database item. */
  int distance(int query, int item) {
    int best = Integer.MAX_VALUE;
    for (int v = 0; v < variants; v++) {
      int q = (query * variants + v) * words;
      int d = 0;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(queries[q + w] ^ database[item * words + w]);
      }
      best = Math.min(best, d);
    }
    return best;
  }

  /** This signal as a distance for {@link FusedOperatingPoint}. */
  FusedOperatingPoint.HammingDistance asHamming() {
    return this::distance;
  }
}
