package io.hashstream.schemas.kafka;

import io.hashstream.schemas.registry.RegistryAvroCodec;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Confluent wire-format frames under the subject {@code
 * <topic>-value} (or {@code -key}). Construct it with a codec, or let Kafka instantiate it and
 * {@link #configure} it from {@link RegistryAvroSerde}'s keys.
 */
public final class RegistryAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private RegistryAvroCodec<T> codec;
  private boolean isKey;

  /** For Kafka's reflective instantiation; {@link #configure} must follow. */
  public RegistryAvroSerializer() {}

  public RegistryAvroSerializer(RegistryAvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (codec == null) {
      codec = RegistryAvroSerde.codecFrom(configs, null);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // a tombstone stays a tombstone
    }
    if (codec == null) {
      throw new IllegalStateException("serializer used before configure()");
    }
    return codec.encode(topic + (isKey ? "-key" : "-value"), data);
  }
}
