package io.hashstream.flink.ingest;

import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.Embedding;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * The first check of every upload event: it decides which path the event takes ({@link Upload})
 * or why it is rejected. An event may carry several payloads; as the {@code ImageEvent} schema
 * documents, the embedding wins, then the bytes, then the URI.
 *
 * <p>Rejections, each a {@link RejectedUploadException} with its dead-letter reason:
 *
 * <ul>
 *   <li>{@code UNDECODABLE_RECORD}: blank image id or tenant; an embedding with NaN or infinite
 *       values.
 *   <li>{@code UNKNOWN_ENCODER}: an embedding from another encoder than the running one.
 *   <li>{@code WRONG_EMBEDDING_SIZE}: an embedding whose size is not the encoder's, or whose byte
 *       length disagrees with its declared dimensions.
 *   <li>{@code PAYLOAD_TOO_LARGE}: image bytes over {@code maxImageBytes}.
 *   <li>{@code URI_UNREADABLE}: a URI that does not parse.
 *   <li>{@code URI_NOT_ALLOWED}: a URI outside the tenant's allowed locations ({@link UriPolicy}),
 *       after normalisation; it is never opened, and the upload carries the normalised URI on.
 *   <li>{@code MISSING_IMAGE}: no embedding, no (non-empty) bytes and no URI.
 * </ul>
 *
 * <p>Immutable and stateless: safe to share between threads. Cost: O(embedding size) for events
 * with embeddings, O(1) otherwise (bytes are wrapped, not copied, when the buffer allows).
 */
public final class UploadCheck implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String encoderId;
  private final int embeddingSize;
  private final int maxImageBytes;
  private final UriPolicy uris;

  /** The same check that reads no URIs ({@link UriPolicy#none()}). */
  public UploadCheck(String encoderId, int embeddingSize, int maxImageBytes) {
    this(encoderId, embeddingSize, maxImageBytes, UriPolicy.none());
  }

  /**
   * @param encoderId the running encoder's id; embeddings of other encoders are refused
   * @param embeddingSize the running encoder's embedding size
   * @param maxImageBytes the largest encoded image accepted inline (larger ones go by URI)
   * @param uris where image URIs may point
   */
  public UploadCheck(String encoderId, int embeddingSize, int maxImageBytes, UriPolicy uris) {
    if (embeddingSize <= 0 || maxImageBytes <= 0) {
      throw new IllegalArgumentException("embeddingSize and maxImageBytes must be positive");
    }
    this.encoderId = encoderId;
    this.embeddingSize = embeddingSize;
    this.maxImageBytes = maxImageBytes;
    this.uris = uris;
  }

  /** Classifies {@code event}, or says why it cannot be processed. */
  public Upload check(ImageEvent event) throws RejectedUploadException {
    if (isBlank(event.getImageId()) || isBlank(event.getTenant())) {
      throw new RejectedUploadException(
          DeadLetterReason.UNDECODABLE_RECORD, "the event has no image id or no tenant");
    }
    if (event.getEmbedding() != null) {
      return new Upload.WithEmbedding(event, vectorOf(event.getEmbedding()));
    }
    ByteBuffer bytes = event.getImageBytes();
    if (bytes != null && bytes.hasRemaining()) {
      if (bytes.remaining() > maxImageBytes) {
        throw new RejectedUploadException(
            DeadLetterReason.PAYLOAD_TOO_LARGE,
            "image of " + bytes.remaining() + " bytes exceeds the inline limit of " + maxImageBytes
                + " bytes; send it by imageUri instead");
      }
      return new Upload.WithBytes(event, toArray(bytes));
    }
    if (event.getImageUri() != null) {
      return new Upload.WithUri(event, uris.check(event.getTenant(), event.getImageUri()).uri());
    }
    throw new RejectedUploadException(
        DeadLetterReason.MISSING_IMAGE,
        "the event carries no embedding, no image bytes and no image URI");
  }

  private float[] vectorOf(Embedding embedding) throws RejectedUploadException {
    if (!encoderId.equals(embedding.getEncoderId())) {
      throw new RejectedUploadException(
          DeadLetterReason.UNKNOWN_ENCODER,
          "embedding from encoder '" + embedding.getEncoderId() + "', but the job runs '"
              + encoderId + "': re-embed with the running encoder or send the image");
    }
    if (embedding.getDimensions() != embeddingSize) {
      throw new RejectedUploadException(
          DeadLetterReason.WRONG_EMBEDDING_SIZE,
          "embedding has " + embedding.getDimensions() + " dimensions, the encoder produces "
              + embeddingSize);
    }
    float[] vector;
    try {
      vector = EmbeddingVectors.toFloats(embedding);
    } catch (IllegalArgumentException e) {
      throw new RejectedUploadException(DeadLetterReason.WRONG_EMBEDDING_SIZE, e.getMessage());
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new RejectedUploadException(
            DeadLetterReason.UNDECODABLE_RECORD,
            "embedding value " + i + " is " + vector[i] + ": NaN and infinities cannot be hashed");
      }
    }
    return vector;
  }

  private static byte[] toArray(ByteBuffer buffer) {
    if (buffer.hasArray()
        && buffer.arrayOffset() == 0
        && buffer.position() == 0
        && buffer.remaining() == buffer.array().length) {
      return buffer.array();
    }
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
