package io.hashstream.schemas.registry;

import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds {@link DeadLetter} records, keeping at most {@code maxPayloadBytes} of the rejected bytes
 * so that one huge bad record cannot exceed the dead-letter topic's message limit.
 */
public final class DeadLetterFactory {
  /** Default: keep up to 900 KiB of the raw record, under Kafka's default 1 MiB message limit. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 900 << 10;

  private final String stage;
  private final int maxPayloadBytes;

  /**
   * @param stage the operator or service that rejects records, e.g. {@code decode}
   */
  public DeadLetterFactory(String stage, int maxPayloadBytes) {
    this.stage = stage;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public DeadLetterFactory(String stage) {
    this(stage, DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /** A dead letter for a frame the wire codec rejected. */
  public DeadLetter fromWireError(
      WireFormatException error,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Instant now) {
    return create(
        error.reason(), error.getMessage(), topic, partition, offset, key, value, null, now);
  }

  /** A dead letter for any rejected record. */
  public DeadLetter create(
      DeadLetterReason reason,
      String message,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      String imageId,
      Instant now) {
    boolean truncated = value != null && value.length > maxPayloadBytes;
    byte[] kept = truncated ? Arrays.copyOf(value, maxPayloadBytes) : value;
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setReason(reason)
        .setMessage(message == null ? reason.name() : message)
        .setStage(stage)
        .setRecordKey(key == null ? null : ByteBuffer.wrap(key))
        .setPayload(kept == null ? null : ByteBuffer.wrap(kept))
        .setPayloadTruncated(truncated)
        .setImageId(imageId)
        .setFailedAt(now)
        .build();
  }
}
