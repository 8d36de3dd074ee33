package io.hashstream.trainer.eval;

/**
 * The operating point of a detector that fuses two Hamming signals by OR (a pair matches when
 * signal A is within radius {@code radiusA} <em>or</em> signal B within {@code radiusB}; in the
 * job A is the CroVCA code and B the PDQ hash), the two radii sharing one false-match budget: of
 * all radius pairs whose <em>union</em> accepts at most {@code ⌊maxFmr · N⌋} of the {@code N}
 * non-matching pairs, the one that accepts the most matching pairs (ties: fewer false matches).
 * Setting each signal's radius at the budget alone would let the union exceed it by up to twice.
 * A radius of {@code -1} turns that signal off, so the fused detector is never worse on the
 * budget's recall than either signal alone.
 *
 * <p>A pair whose B distance is {@link #NOT_COMPARABLE} (in the job: either image has no PDQ hash
 * of useful quality) never matches through B.
 *
 * <p>Cost: one pass over the pairs into two joint (A × B) histograms ({@link Pairs}), then {@code
 * O((maxA + 2) · (maxB + 2))} work on their prefix sums.
 *
 * @param radiusA the radius of signal A, or -1 when A is off
 * @param radiusB the radius of signal B, or -1 when B is off
 * @param falseMatches non-matching pairs the union accepts
 * @param negatives all non-matching pairs
 * @param recall the fraction of matching pairs the union accepts
 */
public record FusedOperatingPoint(
    int radiusA, int radiusB, long falseMatches, long negatives, double recall) {

  /** The B distance of a pair that must never match through B. */
  public static final int NOT_COMPARABLE = Integer.MAX_VALUE;

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
   * The best radius pair over every (query, database item) pair of a copy-detection set.
   *
   * @param sources the database index of each query's original (the query's one matching pair)
   * @param databaseSize database items
   * @param a signal A, distances in {@code [0, maxA]} (larger values are clamped)
   * @param maxA A's largest distance, e.g. 64
   * @param b signal B, distances in {@code [0, maxB]} or {@link #NOT_COMPARABLE}
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
    Pairs pairs = new Pairs(maxA, maxB);
    for (int q = 0; q < sources.length; q++) {
      for (int i = 0; i < databaseSize; i++) {
        pairs.add(i == sources[q], a.distance(q, i), b.distance(q, i));
      }
    }
    return pairs.best(maxFmr);
  }

  /**
   * Whether a pair matches at this operating point.
   *
   * @param distanceA the pair's distance in signal A
   * @param distanceB the pair's distance in signal B, or {@link #NOT_COMPARABLE}
   * @return {@code distanceA <= radiusA || distanceB <= radiusB}
   */
  public boolean matches(int distanceA, int distanceB) {
    return distanceA <= radiusA || (distanceB != NOT_COMPARABLE && distanceB <= radiusB);
  }

  /** The measured false-match rate of the union. */
  public double falseMatchRate() {
    return negatives == 0 ? 0 : falseMatches / (double) negatives;
  }

  /**
   * Labelled pairs with their two distances, counted into joint histograms: add them one by one,
   * then ask for the best operating point with both signals or with one alone.
   */
  public static final class Pairs {
    private final int maxA;
    private final int maxB;
    // [min(dA, maxA)][min(dB, maxB)], column maxB + 1 for NOT_COMPARABLE
    private final long[][] negative;
    private final long[][] positive;
    private long negatives;
    private long positives;

    /**
     * @param maxA signal A's largest distance (larger ones are clamped to it)
     * @param maxB signal B's largest distance (larger ones are clamped to it)
     */
    public Pairs(int maxA, int maxB) {
      this.maxA = maxA;
      this.maxB = maxB;
      negative = new long[maxA + 1][maxB + 2];
      positive = new long[maxA + 1][maxB + 2];
    }

    /**
     * Counts one pair.
     *
     * @param matching whether it is a copy and its original
     * @param distanceA its distance in A
     * @param distanceB its distance in B, or {@link #NOT_COMPARABLE}
     */
    public void add(boolean matching, int distanceA, int distanceB) {
      int i = Math.min(maxA, distanceA);
      int j = distanceB == NOT_COMPARABLE ? maxB + 1 : Math.min(maxB, distanceB);
      (matching ? positive : negative)[i][j]++;
      if (matching) {
        positives++;
      } else {
        negatives++;
      }
    }

    /** The best pair of radii within the budget, both signals allowed. */
    public FusedOperatingPoint best(double maxFmr) {
      return best(maxFmr, true, true);
    }

    /** The best radius of signal A alone ({@code radiusB} -1). */
    public FusedOperatingPoint bestAOnly(double maxFmr) {
      return best(maxFmr, true, false);
    }

    /** The best radius of signal B alone ({@code radiusA} -1). */
    public FusedOperatingPoint bestBOnly(double maxFmr) {
      return best(maxFmr, false, true);
    }

    private FusedOperatingPoint best(double maxFmr, boolean useA, boolean useB) {
      long allowed = (long) Math.floor(maxFmr * negatives);
      long[][] cumNeg = cumulative(negative);
      long[][] cumPos = cumulative(positive);
      FusedOperatingPoint best = null;
      for (int ra = -1; ra <= (useA ? maxA : -1); ra++) {
        for (int rb = -1; rb <= (useB ? maxB : -1); rb++) {
          long fm = union(cumNeg, ra, rb);
          if (fm > allowed) {
            break; // the union only grows with rb
          }
          double recall = positives == 0 ? 0 : union(cumPos, ra, rb) / (double) positives;
          if (best == null
              || recall > best.recall
              || (recall == best.recall && fm < best.falseMatches)) {
            best = new FusedOperatingPoint(ra, rb, fm, negatives, recall);
          }
        }
      }
      return best;
    }

    /** cum[i][j] = pairs with dA ≤ i and dB column ≤ j. */
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

    /**
     * Pairs with dA ≤ ra or dB ≤ rb (a radius of -1 accepts nothing; rb never reaches the
     * not-comparable column, which the A term counts in full).
     */
    private static long union(long[][] cum, int ra, int rb) {
      int lastA = cum.length - 1;
      int lastB = cum[0].length - 1;
      long inA = ra < 0 ? 0 : cum[ra][lastB];
      long inB = rb < 0 ? 0 : cum[lastA][rb];
      long both = ra < 0 || rb < 0 ? 0 : cum[ra][rb];
      return inA + inB - both;
    }
  }
}
