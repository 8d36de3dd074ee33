package io.hashstream.flink.inference;

import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.inference.FailureReason;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.pdq.PdqDihedralHashes;
import java.time.Clock;
import java.util.Map;

/**
 * Builds {@link HashedUpload}s from the {@link PendingUpload} they answer, so that every path
 * copies the same fields: a success keeps the source coordinates but drops the raw record (it is
 * only needed for a dead letter, and it doubles an image's memory); a failure keeps everything.
 */
final class HashedUploads {
  private final Clock clock;

  /** @param clock stamps each result's {@code hashedAt} */
  HashedUploads(Clock clock) {
    this.clock = clock;
  }

  /** An upload that came as a precomputed embedding: no pixels, so no PDQ hash. */
  HashedUpload succeeded(PendingUpload from, float[] embedding, Map<String, long[]> codes) {
    HashedUpload out = base(from);
    out.compactEmbedding = CompactEmbedding.encode(embedding);
    out.codes.putAll(codes);
    return out;
  }

  /** An image upload, with both signals. */
  HashedUpload succeeded(
      PendingUpload from, float[] embedding, PdqDihedralHashes pdq, Map<String, long[]> codes) {
    HashedUpload out = succeeded(from, embedding, codes);
    out.pdqDihedral = PdqSignal.pack(pdq);
    out.pdqQuality = pdq.quality();
    return out;
  }

  HashedUpload failed(PendingUpload from, DeadLetterReason reason, String message) {
    HashedUpload out = base(from);
    out.failureReason = reason;
    out.failureMessage = message;
    out.sourceKey = from.sourceKey;
    out.sourceValue = from.sourceValue;
    return out;
  }

  /**
   * A failure reported by the encoder, as its dead-letter reason and a message. For an image read
   * from {@code imageUri} the decoder's detail (which quotes the bytes' length and first bytes) is
   * replaced by a fixed text: a dead letter never carries anything of a file's content.
   */
  HashedUpload failed(PendingUpload from, FailureReason reason, String detail) {
    if (from.imageUri != null) {
      detail = "the file at imageUri " + switch (reason) {
        case MISSING_IMAGE -> "is empty";
        case CORRUPT_IMAGE -> "is not a decodable image";
        case UNSUPPORTED_IMAGE_FORMAT -> "is not in a supported format (JPEG, PNG, GIF, BMP, WebP)";
        case IMAGE_TOO_LARGE -> "has more pixels than the decoder's limit";
        default -> "could not be hashed";
      };
    }
    return switch (reason) {
      case MISSING_IMAGE -> failed(from, DeadLetterReason.MISSING_IMAGE, detail);
      case CORRUPT_IMAGE -> failed(from, DeadLetterReason.CORRUPT_IMAGE, detail);
      case UNSUPPORTED_IMAGE_FORMAT -> failed(from, DeadLetterReason.UNSUPPORTED_IMAGE_FORMAT, detail);
      case IMAGE_TOO_LARGE -> failed(from, DeadLetterReason.IMAGE_TOO_LARGE, detail);
      case UNREADABLE -> failed(from, DeadLetterReason.URI_UNREADABLE, detail);
      case NON_FINITE_EMBEDDING -> failed(from, DeadLetterReason.OTHER,
          "the encoder produced a non-finite embedding for this image (" + detail
              + "); replay it from the dead letter once the encoder is fixed");
      case INFERENCE_FAILED -> failed(from, DeadLetterReason.OTHER,
          "the encoder failed on this image even alone (" + detail
              + "); replay it from the dead letter once the encoder is fixed");
    };
  }

  private HashedUpload base(PendingUpload from) {
    HashedUpload out = new HashedUpload();
    out.tenant = from.tenant;
    out.imageId = from.imageId;
    out.uploadedAt = from.uploadedAt;
    out.receivedAt = from.receivedAt;
    out.hashedAt = clock.millis();
    out.sourceTopic = from.sourceTopic;
    out.sourcePartition = from.sourcePartition;
    out.sourceOffset = from.sourceOffset;
    return out;
  }
}
