package io.hashstream.flink.serde;

import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.registry.DeadLetterFactory;
import io.hashstream.schemas.registry.RegistrySupplier;
import io.hashstream.schemas.registry.WireFormatException;
import java.io.Serializable;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Raw Kafka record → generated Avro record, or a dead letter with the reason, the record's
 * coordinates and its raw bytes. The one place the job's functions decode wire frames.
 *
 * <p>An unreachable registry is not the record's fault: {@link #decode} rethrows that {@link
 * WireFormatException} (it {@link WireFormatException#isTransient() is transient}), so the task
 * fails and Flink restarts from the last checkpoint and reads the record again, rather than
 * dead-lettering good data during a registry outage.
 *
 * <p>Serializable (functions carry it); the registry client is built on first use in the task.
 */
public final class RecordDecoder<T extends SpecificRecordBase> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RegistryAvroDeserializationSchema<T> schema;
  private final String stage;
  private transient DeadLetterFactory deadLetters;

  /**
   * @param stage the name dead letters carry, e.g. {@code decode}
   */
  public RecordDecoder(Class<T> type, RegistrySupplier registry, int maxFrameBytes, String stage) {
    this.schema = new RegistryAvroDeserializationSchema<>(type, registry, maxFrameBytes);
    this.stage = stage;
  }

  public RegistryAvroDeserializationSchema<T> schema() {
    return schema;
  }

  /**
   * The decoded record, or null after handing a dead letter to {@code rejected}.
   *
   * @throws WireFormatException if the registry is unreachable (transient)
   */
  public T decode(RawKafkaRecord raw, long nowMillis, Consumer<DeadLetter> rejected) {
    try {
      return schema.decode(raw.value);
    } catch (WireFormatException e) {
      if (e.isTransient()) {
        throw e;
      }
      rejected.accept(
          deadLetters().fromWireError(
              e, raw.topic, raw.partition, raw.offset, raw.key, raw.value,
              Instant.ofEpochMilli(nowMillis)));
      return null;
    }
  }

  /** The factory for this stage's other dead letters. */
  public DeadLetterFactory deadLetters() {
    if (deadLetters == null) {
      deadLetters = new DeadLetterFactory(stage);
    }
    return deadLetters;
  }
}
