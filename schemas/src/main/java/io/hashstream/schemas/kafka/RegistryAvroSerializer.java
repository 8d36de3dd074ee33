package io.hashstream.schemas.kafka;

import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Confluent wire-format frames under the subject {@code
 * <topic>-value} (or {@code -key}), with each record's own schema. Construct it with a codec, or
 * let Kafka instantiate it and {@link #configure} it from {@link RegistryAvroSerde}'s keys (then it
 * serializes any generated record type).
 */
public final class RegistryAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final Map<Class<?>, RegistryAvroCodec<T>> codecs = new ConcurrentHashMap<>();
  private final RegistryAvroCodec<T> fixedCodec;
  private SchemaRegistry registry;
  private boolean autoRegister;
  private int maxFrameBytes;
  private boolean isKey;

  /** For Kafka's reflective instantiation; {@link #configure} must follow. */
  public RegistryAvroSerializer() {
    this.fixedCodec = null;
  }

  public RegistryAvroSerializer(RegistryAvroCodec<T> codec) {
    this.fixedCodec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (fixedCodec == null) {
      registry = RegistryAvroSerde.registryFrom(configs);
      autoRegister = RegistryAvroSerde.autoRegister(configs);
      maxFrameBytes = RegistryAvroSerde.maxFrameBytes(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // a tombstone stays a tombstone
    }
    return codecFor(data).encode(topic + (isKey ? "-key" : "-value"), data);
  }

  @SuppressWarnings("unchecked")
  private RegistryAvroCodec<T> codecFor(T data) {
    if (fixedCodec != null) {
      return fixedCodec;
    }
    if (registry == null) {
      throw new IllegalStateException("serializer used before configure()");
    }
    return codecs.computeIfAbsent(
        data.getClass(),
        type -> new RegistryAvroCodec<>(registry, (Class<T>) type, autoRegister, maxFrameBytes));
  }
}
