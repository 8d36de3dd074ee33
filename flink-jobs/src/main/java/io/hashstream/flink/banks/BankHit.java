package io.hashstream.flink.banks;

import io.hashstream.schemas.MatchSignal;

/**
 * An upload found a bank entry (before its metadata is joined in by {@link BankEnrichFunction}). A
 * Flink POJO.
 */
public final class BankHit {
  public String tenant;
  public String imageId;
  public long uploadedAt;
  public MatchSignal signal;
  public int distance;
  public int bits;
  /** CROVCA: the model version; PDQ: null. */
  public String modelVersion;
  /** PDQ: the upload's variant that gave the distance ({@link io.hashstream.pdq.PdqDihedral} index). */
  public int variant = -1;
  public long detectedAt;

  public BankHit() {}

  @Override
  public String toString() {
    return tenant + "/" + imageId + " " + signal + "@" + distance;
  }
}
