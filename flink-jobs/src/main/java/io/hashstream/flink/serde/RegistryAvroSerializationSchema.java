package io.hashstream.flink.serde;

import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.RegistrySupplier;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink {@link SerializationSchema} writing Confluent wire-format frames (see {@link
 * RegistryAvroCodec}) under one subject, for {@code KafkaSink}. The registry client is built in
 * {@link #open}, on the task manager.
 */
public final class RegistryAvroSerializationSchema<T extends SpecificRecordBase>
    implements SerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final String subject;
  private final RegistrySupplier registry;
  private transient RegistryAvroCodec<T> codec;

  public RegistryAvroSerializationSchema(Class<T> type, String subject, RegistrySupplier registry) {
    this.type = type;
    this.subject = subject;
    this.registry = registry;
  }

  /** Values of {@code topic}, under its {@code <topic>-value} subject. */
  public static <T extends SpecificRecordBase> RegistryAvroSerializationSchema<T> forTopic(
      Topic topic, Class<T> type, RegistrySupplier registry) {
    return new RegistryAvroSerializationSchema<>(type, topic.valueSubject(), registry);
  }

  @Override
  public void open(InitializationContext context) {
    codec = new RegistryAvroCodec<>(registry.get(), type);
  }

  @Override
  public byte[] serialize(T element) {
    if (codec == null) {
      open(null);
    }
    return codec.encode(subject, element);
  }
}
