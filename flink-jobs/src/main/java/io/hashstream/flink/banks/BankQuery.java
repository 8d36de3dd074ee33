package io.hashstream.flink.banks;

import java.util.HashMap;
import java.util.Map;

/**
 * What an upload asks the banks: its PDQ hash (in its eight rotations/flips, or the original only)
 * and its CroVCA code under every model version it was hashed with. Broadcast to every subtask of
 * the bank matcher, each of which searches its share of the entries. A Flink POJO.
 */
public final class BankQuery {
  public String tenant;
  public String imageId;
  public long uploadedAt;
  /**
   * The PDQ variants, {@link io.hashstream.pdq.PdqHits#WORDS} longs each in {@link
   * io.hashstream.pdq.PdqDihedral} order; null when the upload has no PDQ hash of useful quality.
   */
  public long[] pdq;
  /** Model version → packed code. */
  public Map<String, long[]> codes = new HashMap<>();

  public BankQuery() {}

  @Override
  public String toString() {
    return "BankQuery{" + tenant + "/" + imageId + ", pdq " + (pdq == null ? 0 : pdq.length / 4)
        + " variants, codes " + codes.keySet() + "}";
  }
}
