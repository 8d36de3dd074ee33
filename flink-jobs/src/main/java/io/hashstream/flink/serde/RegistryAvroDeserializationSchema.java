package io.hashstream.flink.serde;

import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.RegistrySupplier;
import io.hashstream.schemas.registry.WireFormatException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink {@link DeserializationSchema} for Confluent wire-format frames of one generated record type.
 *
 * <p>A bad frame throws {@link WireFormatException}, whose {@link WireFormatException#reason()} is
 * the dead-letter reason. Jobs that must keep running on bad input (all of hashstream's) do not let
 * it escape: they read raw records and call {@link #decode(byte[])}, routing failures to the
 * dead-letter topic.
 */
public final class RegistryAvroDeserializationSchema<T extends SpecificRecordBase>
    implements DeserializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final RegistrySupplier registry;
  private final int maxFrameBytes;
  private transient RegistryAvroCodec<T> codec;

  public RegistryAvroDeserializationSchema(
      Class<T> type, RegistrySupplier registry, int maxFrameBytes) {
    this.type = type;
    this.registry = registry;
    this.maxFrameBytes = maxFrameBytes;
  }

  public RegistryAvroDeserializationSchema(Class<T> type, RegistrySupplier registry) {
    this(type, registry, RegistryAvroCodec.DEFAULT_MAX_FRAME_BYTES);
  }

  @Override
  public void open(InitializationContext context) {
    codec = new RegistryAvroCodec<>(registry.get(), type, false, maxFrameBytes);
  }

  /** Decodes one frame, or throws {@link WireFormatException} with the reason. */
  public T decode(byte[] frame) {
    if (codec == null) {
      open(null);
    }
    return codec.decode(frame);
  }

  @Override
  public T deserialize(byte[] message) {
    return decode(message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(type);
  }
}
