package io.hashstream.trainer.eval;

/**
 * The operating point of a detector that fuses two Hamming signals by OR (a pair matches when
 * signal A is within radius {@code radiusA} <em>or</em> signal B within {@code radiusB}), the two
 * radii sharing one false-match budget: of all radius pairs whose union accepts at most {@code
 * ⌊maxFmr · N⌋} of the {@code N} non-matching pairs, the one that accepts the most matching pairs
 * (ties: fewer false matches, then the smaller radius A). A radius of {@code -1} turns that signal
 * off, so the fused detector is never worse on the budget's recall than either signal alone.
 *
 * <p>Cost: one pass over every (query, database item) pair for both distances, then {@code
 * O((maxA + 2) · (maxB + 2))} work on a joint histogram; memory two such histograms of longs.
 *
 * @param radiusA the radius of signal A, or -1 when A is off
 * @param radiusB the radius of signal B, or -1 when B is off
 * @param falseMatches non-matching pairs the union accepts
 * @param negatives all non-matching pairs
 * @param recall the fraction of matching pairs the union accepts
 */
public record FusedOperatingPoint(
    int radiusA, int radiusB, long falseMatches, long negatives, double recall) {

  /** An integer distance of a (query, database item) pair, in {@code [0, max]}. */
  @FunctionalInterface
  public interface HammingDistance {
    /**
     * The distance.
     *
     * @param query the query index
     * @param item the database index
     * @return the distance
     */
    int distance(int query, int item);
  }

  /**
   * Finds the best radius pair.
   *
   * @param sources the database index of each query's original (the query's one matching pair)
   * @param databaseSize database items
   * @param a signal A, distances in {@code [0, maxA]} (larger values are clamped)
   * @param maxA A's largest distance, e.g. 64
   * @param b signal B, distances in {@code [0, maxB]}
   * @param maxB B's largest distance, e.g. 256
   * @param maxFmr the false-match budget, e.g. 1e-4
   * @return the operating point
   */
  public static FusedOperatingPoint of(
      int[] sources,
      int databaseSize,
      HammingDistance a,
      int maxA,
      HammingDistance b,
      int maxB,
      double maxFmr) {
    // joint[i][j] counts pairs with min(dA, maxA) = i and min(dB, maxB) = j
    long[][] negative = new long[maxA + 1][maxB + 1];
    long[][] positive = new long[maxA + 1][maxB + 1];
    for (int q = 0; q < sources.length; q++) {
      for (int i = 0; i < databaseSize; i++) {
        int da = Math.min(maxA, a.distance(q, i));
        int db = Math.min(maxB, b.distance(q, i));
        (i == sources[q] ? positive : negative)[da][db]++;
      }
    }
    long negatives = (long) sources.length * (databaseSize - 1);
    long allowed = (long) Math.floor(maxFmr * negatives);
    long[][] cumNeg = cumulative(negative);
    long[][] cumPos = cumulative(positive);
    FusedOperatingPoint best = null;
    for (int ra = -1; ra <= maxA; ra++) {
      for (int rb = -1; rb <= maxB; rb++) {
        long fm = union(cumNeg, ra, rb);
        if (fm > allowed) {
          break; // the union only grows with rb
        }
        long hits = union(cumPos, ra, rb);
        double recall = sources.length == 0 ? 0 : hits / (double) sources.length;
        if (best == null
            || recall > best.recall
            || (recall == best.recall && fm < best.falseMatches)) {
          best = new FusedOperatingPoint(ra, rb, fm, negatives, recall);
        }
      }
    }
    return best;
  }

  /**
   * Whether a pair matches at this operating point.
   *
   * @param distanceA the pair's distance in signal A
   * @param distanceB the pair's distance in signal B
   * @return {@code distanceA <= radiusA || distanceB <= radiusB}
   */
  public boolean matches(int distanceA, int distanceB) {
    return distanceA <= radiusA || distanceB <= radiusB;
  }

  /** The measured false-match rate of the union. */
  public double falseMatchRate() {
    return negatives == 0 ? 0 : falseMatches / (double) negatives;
  }

  /** cum[i][j] = pairs with dA ≤ i and dB ≤ j. */
  private static long[][] cumulative(long[][] joint) {
    long[][] cum = new long[joint.length][joint[0].length];
    for (int i = 0; i < joint.length; i++) {
      long row = 0;
      for (int j = 0; j < joint[0].length; j++) {
        row += joint[i][j];
        cum[i][j] = row + (i > 0 ? cum[i - 1][j] : 0);
      }
    }
    return cum;
  }

  /** Pairs with dA ≤ ra or dB ≤ rb (a radius of -1 accepts nothing). */
  private static long union(long[][] cum, int ra, int rb) {
    int lastA = cum.length - 1;
    int lastB = cum[0].length - 1;
    long inA = ra < 0 ? 0 : cum[ra][lastB];
    long inB = rb < 0 ? 0 : cum[lastA][rb];
    long both = ra < 0 || rb < 0 ? 0 : cum[ra][rb];
    return inA + inB - both;
  }
}
