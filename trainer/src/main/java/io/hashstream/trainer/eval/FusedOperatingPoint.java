package io.hashstream.trainer.eval;

/**
 * The thresholds of the fused detector (a pair matches when its CroVCA distance is at most {@code
 * codeRadius} <em>or</em> its PDQ distance is at most {@code pdqRadius}) chosen as one budget: the
 * pair with the highest recall on known copies whose <em>union</em> false-match rate over
 * non-matching pairs stays within the target. Setting each signal's threshold at the target alone
 * would let the union exceed it by up to twice.
 *
 * <p>Distances are given per pair; a pair whose PDQ distance is not comparable (either image has no
 * PDQ hash of useful quality) passes {@link #NO_PDQ}, and never matches through PDQ. A radius of -1
 * turns a signal off.
 *
 * <p>Cost: one pass over the pairs into a (code distance × PDQ distance) histogram, prefix sums,
 * then every threshold pair: {@code O(pairs + (codeBits + 1)·258)}.
 *
 * @param codeRadius the CroVCA radius, -1 for none
 * @param pdqRadius the PDQ radius, -1 for none
 * @param falseMatchRate the union's rate over the non-matching pairs
 * @param recall the union's recall over the copies
 * @param negatives the number of non-matching pairs it was measured on
 */
public record FusedOperatingPoint(
    int codeRadius, int pdqRadius, double falseMatchRate, double recall, long negatives) {

  /** The PDQ distance of a pair without two PDQ hashes of useful quality. */
  public static final int NO_PDQ = Integer.MAX_VALUE;

  private static final int PDQ_BITS = 256;

  /**
   * The best thresholds within {@code maxFalseMatchRate}.
   *
   * @param codeBits the CroVCA code length (distances are 0..codeBits)
   * @param negativeCode CroVCA distance of each non-matching pair
   * @param negativePdq PDQ distance of each non-matching pair, or {@link #NO_PDQ}
   * @param positiveCode CroVCA distance of each copy to its original
   * @param positivePdq PDQ distance of each copy to its original, or {@link #NO_PDQ}
   * @param maxFalseMatchRate the budget, e.g. 1e-4
   * @param allowPdq whether PDQ may be used at all (false: CroVCA alone)
   * @param allowCode whether CroVCA may be used at all (false: PDQ alone)
   * @return the operating point with the highest recall (ties: the lower false-match rate)
   */
  public static FusedOperatingPoint best(
      int codeBits, int[] negativeCode, int[] negativePdq, int[] positiveCode, int[] positivePdq,
      double maxFalseMatchRate, boolean allowCode, boolean allowPdq) {
    Cumulative negatives = cumulative(codeBits, negativeCode, negativePdq);
    Cumulative positives = cumulative(codeBits, positiveCode, positivePdq);
    long n = negativeCode.length;
    long p = positiveCode.length;
    FusedOperatingPoint best = new FusedOperatingPoint(-1, -1, 0, 0, n);
    for (int rc = allowCode ? codeBits : -1; rc >= -1; rc--) {
      for (int rp = allowPdq ? PDQ_BITS : -1; rp >= -1; rp--) {
        double fmr = n == 0 ? 0 : (double) negatives.union(rc, rp) / n;
        if (fmr > maxFalseMatchRate) {
          continue;
        }
        double recall = p == 0 ? 0 : (double) positives.union(rc, rp) / p;
        if (recall > best.recall || (recall == best.recall && fmr < best.falseMatchRate)) {
          best = new FusedOperatingPoint(rc, rp, fmr, recall, n);
        }
      }
    }
    return best;
  }

  /** Counts of pairs by (code distance, PDQ distance), summed up: see {@link #union}. */
  private record Cumulative(long[][] withPdq, long[] withoutPdq, int codeBits) {
    /** Pairs with code distance ≤ rc or PDQ distance ≤ rp. */
    long union(int rc, int rp) {
      long byCode = rc < 0 ? 0 : withPdq[rc + 1][PDQ_BITS + 1] + withoutPdq[rc + 1];
      long byPdq = rp < 0 ? 0 : withPdq[codeBits + 1][rp + 1];
      long both = rc < 0 || rp < 0 ? 0 : withPdq[rc + 1][rp + 1];
      return byCode + byPdq - both;
    }
  }

  /**
   * {@code withPdq[i][j]}: pairs with code distance ≤ i-1 and PDQ distance ≤ j-1 (a 2-D prefix
   * sum); {@code withoutPdq[i]}: pairs without PDQ and code distance ≤ i-1.
   */
  private static Cumulative cumulative(int codeBits, int[] code, int[] pdq) {
    if (code.length != pdq.length) {
      throw new IllegalArgumentException(code.length + " code distances, " + pdq.length + " PDQ");
    }
    long[][] histogram = new long[codeBits + 2][PDQ_BITS + 2];
    long[] withoutPdq = new long[codeBits + 2];
    for (int k = 0; k < code.length; k++) {
      int i = Math.min(code[k], codeBits) + 1;
      if (pdq[k] == NO_PDQ) {
        withoutPdq[i]++;
      } else {
        histogram[i][Math.min(pdq[k], PDQ_BITS) + 1]++;
      }
    }
    long[][] sums = new long[codeBits + 2][PDQ_BITS + 2];
    for (int i = 1; i <= codeBits + 1; i++) {
      withoutPdq[i] += withoutPdq[i - 1];
      for (int j = 1; j <= PDQ_BITS + 1; j++) {
        sums[i][j] = histogram[i][j] + sums[i - 1][j] + sums[i][j - 1] - sums[i - 1][j - 1];
      }
    }
    return new Cumulative(sums, withoutPdq, codeBits);
  }
}
