package io.hashstream.schemas.kafka;

import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.WireFormatException;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for Confluent wire-format frames. A bad frame throws {@link
 * WireFormatException} (the consumer wraps it in a {@code RecordDeserializationException} that
 * names the partition and offset); consumers that must not stop read raw bytes and call {@link
 * RegistryAvroCodec#decode} themselves, dead-lettering failures. Null (a tombstone) reads as null.
 */
public final class RegistryAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private RegistryAvroCodec<T> codec;

  /** For Kafka's reflective instantiation; {@link #configure} must follow. */
  public RegistryAvroDeserializer() {}

  public RegistryAvroDeserializer(RegistryAvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (codec == null) {
      codec = RegistryAvroSerde.codecFrom(configs);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (codec == null) {
      throw new IllegalStateException("deserializer used before configure()");
    }
    return codec.decode(data);
  }
}
