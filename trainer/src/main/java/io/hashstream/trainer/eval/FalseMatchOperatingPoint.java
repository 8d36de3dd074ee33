package io.hashstream.trainer.eval;

import java.util.Arrays;

/**
 * The match threshold at a false-match-rate budget: the largest threshold {@code t} such that
 * "distance {@code < t}" accepts at most {@code ⌊maxFmr · N⌋} of the {@code N} non-matching pairs,
 * and the recall of matching pairs at it. Distances are anything ordered (Hamming distances, or
 * {@code 1 − cosine}); for integer Hamming distances the radius is {@code t − 1}.
 *
 * @param threshold pairs with distance strictly below it match
 * @param falseMatchRate the fraction of non-matching pairs below the threshold
 * @param negatives how many non-matching pairs set it
 */
public record FalseMatchOperatingPoint(double threshold, double falseMatchRate, int negatives) {

  /**
   * Finds the operating point. Cost: a sort of the negatives.
   *
   * @param negativeDistances distances of non-matching pairs (not modified), at least one
   * @param maxFmr the false-match budget, e.g. 1e-4
   * @return the operating point
   */
  public static FalseMatchOperatingPoint of(double[] negativeDistances, double maxFmr) {
    double[] sorted = negativeDistances.clone();
    Arrays.sort(sorted);
    int allowed = (int) Math.floor(maxFmr * sorted.length);
    double threshold =
        allowed >= sorted.length ? Double.POSITIVE_INFINITY : sorted[allowed];
    int below = 0;
    while (below < sorted.length && sorted[below] < threshold) {
      below++;
    }
    return new FalseMatchOperatingPoint(threshold, below / (double) sorted.length, sorted.length);
  }

  /**
   * Whether a pair at this distance matches.
   *
   * @param distance the pair's distance
   * @return {@code distance < threshold}
   */
  public boolean matches(double distance) {
    return distance < threshold;
  }

  /**
   * The fraction of matching pairs that match.
   *
   * @param positiveDistances distances of matching pairs
   * @return the recall in [0, 1]; 0 for no pairs
   */
  public double recall(double[] positiveDistances) {
    if (positiveDistances.length == 0) {
      return 0;
    }
    int hits = 0;
    for (double d : positiveDistances) {
      if (matches(d)) {
        hits++;
      }
    }
    return hits / (double) positiveDistances.length;
  }
}
