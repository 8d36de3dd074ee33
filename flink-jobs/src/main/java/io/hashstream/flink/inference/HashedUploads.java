package io.hashstream.flink.inference;

import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.inference.FailureReason;
import io.hashstream.schemas.DeadLetterReason;
import java.util.Map;

/**
 * Builds {@link HashedUpload}s from the {@link PendingUpload} they answer, so that every path
 * copies the same fields: a success keeps the source coordinates but drops the raw record (it is
 * only needed for a dead letter, and it doubles an image's memory); a failure keeps everything.
 */
final class HashedUploads {
  private HashedUploads() {}

  static HashedUpload succeeded(PendingUpload from, float[] embedding, Map<String, long[]> codes) {
    HashedUpload out = base(from);
    out.compactEmbedding = CompactEmbedding.encode(embedding);
    out.codes.putAll(codes);
    return out;
  }

  static HashedUpload failed(PendingUpload from, DeadLetterReason reason, String message) {
    HashedUpload out = base(from);
    out.failureReason = reason.name();
    out.failureMessage = message;
    out.sourceKey = from.sourceKey;
    out.sourceValue = from.sourceValue;
    return out;
  }

  /** A failure reported by the encoder, as its dead-letter reason and a message. */
  static HashedUpload failed(PendingUpload from, FailureReason reason, String detail) {
    return switch (reason) {
      case MISSING_IMAGE, CORRUPT_IMAGE, UNSUPPORTED_IMAGE_FORMAT, IMAGE_TOO_LARGE ->
          failed(from, DeadLetterReason.valueOf(reason.name()), detail);
      case UNREADABLE -> failed(from, DeadLetterReason.URI_UNREADABLE, detail);
      case NON_FINITE_EMBEDDING -> failed(from, DeadLetterReason.OTHER,
          "the encoder produced a non-finite embedding for this image (" + detail
              + "); replay it from the dead letter once the encoder is fixed");
      case INFERENCE_FAILED -> failed(from, DeadLetterReason.OTHER,
          "the encoder failed on this image even alone (" + detail
              + "); replay it from the dead letter once the encoder is fixed");
    };
  }

  private static HashedUpload base(PendingUpload from) {
    HashedUpload out = new HashedUpload();
    out.tenant = from.tenant;
    out.imageId = from.imageId;
    out.uploadedAt = from.uploadedAt;
    out.receivedAt = from.receivedAt;
    out.hashedAt = System.currentTimeMillis();
    out.sourceTopic = from.sourceTopic;
    out.sourcePartition = from.sourcePartition;
    out.sourceOffset = from.sourceOffset;
    return out;
  }
}
