package io.hashstream.bench.quality;

import io.hashstream.pdq.PdqDihedral;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHash;
import io.hashstream.trainer.eval.CopyDetection;
import io.hashstream.trainer.eval.FusedOperatingPoint;
import java.util.List;

/**
 * A perceptual hash scored beside the learned code in copy detection: packed codes of {@code
 * words} 64-bit words per hash, {@code variants} hashes per query (the query matches on the
 * nearest) and one per database item. pHash and dHash are 64-bit, one variant, always comparable;
 * PDQ is 256-bit (4 words) with one variant, and PDQ×8 the query's 8 rotations/flips against the
 * item's hash ({@link PdqDihedralHashes#minDistance}, as the job queries). A PDQ pair where either
 * hash has a quality below {@link PdqHash#MIN_USEFUL_QUALITY} is {@link
 * FusedOperatingPoint#NOT_COMPARABLE}: it never matches, as in the job. Immutable by convention:
 * the arrays are not copied and must not change.
 *
 * @param name the name reports use, e.g. {@code phash-64}, {@code pdq}, {@code pdq-x8}
 * @param words 64-bit words per hash
 * @param variants hashes per query
 * @param queries {@code queries · variants · words} longs, query-major
 * @param database {@code items · words} longs
 * @param queryUseful per query, whether its hash may match; null when every hash may
 * @param databaseUseful per item, whether its hash may match; null when every hash may
 */
record PerceptualSignal(
    String name,
    int words,
    int variants,
    long[] queries,
    long[] database,
    boolean[] queryUseful,
    boolean[] databaseUseful) {

  /** A 64-bit hash with one variant per query, every pair comparable (pHash, dHash). */
  static PerceptualSignal of64(String name, long[] queries, long[] database) {
    return new PerceptualSignal(name, 1, 1, queries, database, null, null);
  }

  /**
   * PDQ with the job's quality rule: the queries' original hashes ({@code dihedral} false) or all
   * eight of their rotations/flips ({@code dihedral} true) against the items' original hashes.
   */
  static PerceptualSignal pdq(
      String name, List<PdqDihedralHashes> queries, List<PdqDihedralHashes> database, boolean dihedral) {
    int words = PdqHash.CODE_LENGTH.words();
    PdqDihedral[] variants = dihedral ? PdqDihedral.values() : new PdqDihedral[] {PdqDihedral.ORIGINAL};
    long[] q = new long[queries.size() * variants.length * words];
    for (int i = 0; i < queries.size(); i++) {
      for (int v = 0; v < variants.length; v++) {
        queries.get(i).copyTo(variants[v], q, (i * variants.length + v) * words);
      }
    }
    long[] d = new long[database.size() * words];
    for (int i = 0; i < database.size(); i++) {
      database.get(i).copyTo(PdqDihedral.ORIGINAL, d, i * words);
    }
    return new PerceptualSignal(name, words, variants.length, q, d, useful(queries), useful(database));
  }

  private static boolean[] useful(List<PdqDihedralHashes> hashes) {
    boolean[] useful = new boolean[hashes.size()];
    for (int i = 0; i < useful.length; i++) {
      useful[i] = hashes.get(i).quality() >= PdqHash.MIN_USEFUL_QUALITY;
    }
    return useful;
  }

  /** Bits per hash, the largest distance. */
  int bits() {
    return 64 * words;
  }

  /** The fraction of hashes that may match: {@code [queries, database]}. */
  double[] usefulFractions() {
    return new double[] {fraction(queryUseful), fraction(databaseUseful)};
  }

  private static double fraction(boolean[] useful) {
    if (useful == null) {
      return 1;
    }
    int n = 0;
    for (boolean u : useful) {
      n += u ? 1 : 0;
    }
    return useful.length == 0 ? 0 : n / (double) useful.length;
  }

  /**
   * The Hamming distance of a query (its nearest variant) to a database item, or {@link
   * FusedOperatingPoint#NOT_COMPARABLE} when either hash is below the useful quality.
   */
  int distance(int query, int item) {
    if ((queryUseful != null && !queryUseful[query]) || (databaseUseful != null && !databaseUseful[item])) {
      return FusedOperatingPoint.NOT_COMPARABLE;
    }
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

  /** This signal as a distance for {@link CopyDetection}: a pair that is not comparable is infinitely far. */
  CopyDetection.PairDistance asPairDistance() {
    return (query, item) -> {
      int d = distance(query, item);
      return d == FusedOperatingPoint.NOT_COMPARABLE ? Double.POSITIVE_INFINITY : d;
    };
  }
}
