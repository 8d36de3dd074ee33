package io.hashstream.alerts.processor;

import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.registry.DeadLetterFactory;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes raw wire-format records of one topic, validates them with a {@link RecordCheck} and
 * re-keys them by what the check returns. Every record comes out: decoded, as a tombstone (where
 * the topic allows them), or as a {@link DeadLetter} with its reason, source offset and raw bytes.
 *
 * <p>A registry outage ({@link WireFormatException#isTransient()}) is not the record's fault: it is
 * rethrown, so that the stream thread is replaced and the record retried from the last commit,
 * instead of dead-lettering every record while the registry is down.
 *
 * @param <T> the record type
 */
public final class DecodeProcessor<T extends SpecificRecord>
    implements Processor<byte[], byte[], String, Decoded<T>> {
  private final RegistryAvroCodec<T> codec;
  private final RecordCheck<T> check;
  private final boolean tombstones;
  private final DeadLetterFactory deadLetters;
  private ProcessorContext<String, Decoded<T>> context;

  /**
   * @param codec decodes values
   * @param check validates and keys decoded values
   * @param tombstones whether a null value is a tombstone (compacted topics) or a dead letter
   * @param stage the stage named in dead letters
   */
  public DecodeProcessor(
      RegistryAvroCodec<T> codec, RecordCheck<T> check, boolean tombstones, String stage) {
    this.codec = codec;
    this.check = check;
    this.tombstones = tombstones;
    this.deadLetters = new DeadLetterFactory(stage);
  }

  @Override
  public void init(ProcessorContext<String, Decoded<T>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    byte[] rawKey = record.key();
    String keyText = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
    try {
      if (record.value() == null && tombstones) {
        context.forward(record.withKey(check.keyOf(keyText, null)).withValue(Decoded.tombstone()));
        return;
      }
      T value = codec.decode(record.value());
      context.forward(record.withKey(check.keyOf(keyText, value)).withValue(Decoded.of(value)));
    } catch (WireFormatException e) {
      if (e.isTransient()) {
        throw new StreamsException("schema registry unavailable; retrying from the last commit", e);
      }
      reject(record, keyText, e.reason(), e.getMessage(), null);
    } catch (InvalidRecordException e) {
      reject(record, keyText, DeadLetterReason.OTHER, e.getMessage(), e.imageId());
    }
  }

  private void reject(
      Record<byte[], byte[]> record,
      String keyText,
      DeadLetterReason reason,
      String message,
      String imageId) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    DeadLetter letter =
        deadLetters.create(
            reason,
            message,
            source.topic(),
            source.partition(),
            source.offset(),
            record.key(),
            record.value(),
            imageId,
            Instant.ofEpochMilli(record.timestamp()));
    context.forward(record.withKey(keyText).withValue(Decoded.rejected(letter)));
  }
}
