package io.hashstream.flink.ingest;

import java.util.Arrays;

/**
 * An upload that passed {@link UploadCheck}, on its way to inference: exactly one of {@link
 * #embedding}, {@link #imageBytes} and {@link #imageUri} is set. It keeps where it came from (topic,
 * partition, offset, the raw record) so that a later stage that rejects it (a corrupt image, an
 * unreadable URI) can dead-letter it with the original bytes for replay.
 *
 * <p>A Flink POJO (public fields, no-arg constructor), so it travels with Flink's own serializer.
 * The raw record doubles the memory of an image upload while it is in flight; that is bounded by
 * the inference operator's capacity (see {@code JobConfig}).
 */
public final class PendingUpload {
  public String tenant;
  public String imageId;
  /** Event time of the upload, epoch millis. */
  public long uploadedAt;
  /** Processing time when the job read it, epoch millis (for latency metrics). */
  public long receivedAt;

  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public byte[] sourceKey;
  public byte[] sourceValue;

  /** A precomputed raw embedding of the running encoder (finite, of the encoder's size). */
  public float[] embedding;
  /** Encoded image bytes (not yet decoded). */
  public byte[] imageBytes;
  /** Where to read the image (has a scheme). */
  public String imageUri;

  public PendingUpload() {}

  /** Which payload this upload carries. */
  public Kind kind() {
    if (embedding != null) {
      return Kind.EMBEDDING;
    }
    return imageBytes != null ? Kind.BYTES : Kind.URI;
  }

  /** What a pending upload carries. */
  public enum Kind {
    EMBEDDING,
    BYTES,
    URI
  }

  @Override
  public String toString() {
    return "PendingUpload{" + tenant + "/" + imageId + ", " + kind() + ", " + sourceTopic + "-"
        + sourcePartition + "@" + sourceOffset
        + (embedding != null ? ", embedding[" + embedding.length + "]" : "")
        + (imageBytes != null ? ", " + imageBytes.length + " bytes" : "")
        + (imageUri != null ? ", " + imageUri : "") + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingUpload p
        && uploadedAt == p.uploadedAt
        && sourcePartition == p.sourcePartition
        && sourceOffset == p.sourceOffset
        && java.util.Objects.equals(tenant, p.tenant)
        && java.util.Objects.equals(imageId, p.imageId)
        && java.util.Objects.equals(sourceTopic, p.sourceTopic)
        && Arrays.equals(embedding, p.embedding)
        && Arrays.equals(imageBytes, p.imageBytes)
        && java.util.Objects.equals(imageUri, p.imageUri);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(tenant, imageId, sourceTopic, sourcePartition, sourceOffset);
  }
}
