package io.hashstream.flink.inference;

import io.hashstream.schemas.DeadLetterReason;
import java.util.HashMap;
import java.util.Map;

/**
 * What inference made of one {@link io.hashstream.flink.ingest.PendingUpload}: its raw embedding
 * (the encoder's output, or the precomputed one) in the compact form the index retains, and its
 * code under every model version that was loaded in this JVM at the time, or, if it failed, why.
 *
 * <p>The codes are a convenience, not the truth: the index function decides which model version
 * is active and computes a code itself when the one it needs is missing (a version loaded after
 * this upload was hashed). Codes are packed as {@link io.hashstream.code.PackedCodes} does.
 *
 * <p>A Flink POJO. On failure, {@link #failureReason} says why and the source coordinates and raw
 * record are kept for the dead letter; on success the raw record is dropped.
 */
public final class HashedUpload {
  public String tenant;
  public String imageId;
  public long uploadedAt;
  public long receivedAt;
  /** When inference finished, epoch millis. */
  public long hashedAt;

  /**
   * The raw embedding (before any model's post-processing) as {@link
   * io.hashstream.flink.state.CompactEmbedding} keeps it; null on failure. Compacted here, not in
   * the index, so that the shuffle to the index carries a quarter of the bytes.
   */
  public byte[] compactEmbedding;
  /** Model version id → packed code of the exact (not the compact) embedding under that version. */
  public Map<String, long[]> codes = new HashMap<>();

  /**
   * The PDQ hash and its seven other rotations/flips, {@link PdqSignal#WORDS} longs each in {@link
   * io.hashstream.pdq.PdqDihedral} order (the original first); null when the upload had no image
   * (a precomputed embedding) or failed.
   */
  public long[] pdqDihedral;
  /** PDQ's quality score, 0..100; -1 without a PDQ hash. */
  public int pdqQuality = -1;

  /** Why inference failed, or null when it succeeded. */
  public DeadLetterReason failureReason;
  public String failureMessage;
  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public byte[] sourceKey;
  public byte[] sourceValue;

  public HashedUpload() {}

  public boolean failed() {
    return failureReason != null;
  }

  /** Whether the upload has a PDQ hash (of any quality). */
  public boolean hasPdq() {
    return pdqDihedral != null;
  }

  @Override
  public String toString() {
    return "HashedUpload{" + tenant + "/" + imageId
        + (failed() ? ", failed " + failureReason + ": " + failureMessage : ", codes " + codes.keySet())
        + "}";
  }
}
