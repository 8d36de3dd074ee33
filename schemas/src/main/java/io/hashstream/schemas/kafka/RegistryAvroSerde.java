package io.hashstream.schemas.kafka;

import io.hashstream.schemas.registry.CachedSchemaRegistry;
import io.hashstream.schemas.registry.HttpSchemaRegistry;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.net.URI;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serdes for generated Avro records in Confluent wire format, and the configuration keys they
 * read when Kafka instantiates them from properties. The keys are Confluent's, so existing client
 * configurations work unchanged: besides {@link #REGISTRY_URL}, the registry's basic auth and
 * truststore ({@link KafkaClientSecurity}) are taken from the same configuration.
 */
public final class RegistryAvroSerde {
  /** The registry's Confluent-compatible API root, e.g. {@code http://127.0.0.1:18081/apis/ccompat/v7}. */
  public static final String REGISTRY_URL = "schema.registry.url";

  /** Register the writer schema on first use ({@code true}, default) or only look it up. */
  public static final String AUTO_REGISTER = "auto.register.schemas";

  /** Fully qualified name of the generated record class to read into. */
  public static final String VALUE_TYPE = "hashstream.value.type";

  /** Largest frame accepted for decoding, in bytes. */
  public static final String MAX_FRAME_BYTES = "hashstream.max.frame.bytes";

  private RegistryAvroSerde() {}

  /** A serde for {@code type} over {@code registry} (registering schemas on first use). */
  public static <T extends SpecificRecord> Serde<T> of(SchemaRegistry registry, Class<T> type) {
    RegistryAvroCodec<T> codec = new RegistryAvroCodec<>(registry, type);
    return Serdes.serdeFrom(new RegistryAvroSerializer<>(codec), new RegistryAvroDeserializer<>(codec));
  }

  /** Builds a codec for {@code type} from Kafka client configuration. */
  static <T extends SpecificRecord> RegistryAvroCodec<T> codecFrom(
      Map<String, ?> configs, Class<T> type) {
    return new RegistryAvroCodec<>(
        registryFrom(configs), type, autoRegister(configs), maxFrameBytes(configs));
  }

  /** Builds a codec for the class named by {@link #VALUE_TYPE}. */
  static <T extends SpecificRecord> RegistryAvroCodec<T> codecFrom(Map<String, ?> configs) {
    return codecFrom(configs, RegistryAvroSerde.<T>typeFrom(configs));
  }

  static SchemaRegistry registryFrom(Map<String, ?> configs) {
    Object url = configs.get(REGISTRY_URL);
    if (url == null) {
      throw new ConfigException(
          REGISTRY_URL + " is not set: point it at the registry's Confluent-compatible API, e.g."
              + " http://127.0.0.1:18081/apis/ccompat/v7");
    }
    return new CachedSchemaRegistry(
        new HttpSchemaRegistry(URI.create(String.valueOf(url)), KafkaClientSecurity.within(configs)));
  }

  static boolean autoRegister(Map<String, ?> configs) {
    Object value = configs.get(AUTO_REGISTER);
    return value == null || Boolean.parseBoolean(value.toString());
  }

  static int maxFrameBytes(Map<String, ?> configs) {
    Object value = configs.get(MAX_FRAME_BYTES);
    return value == null ? RegistryAvroCodec.DEFAULT_MAX_FRAME_BYTES : Integer.parseInt(value.toString());
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> Class<T> typeFrom(Map<String, ?> configs) {
    Object name = configs.get(VALUE_TYPE);
    if (name == null) {
      throw new ConfigException(
          VALUE_TYPE + " is not set: name the generated record class, e.g."
              + " io.hashstream.schemas.ImageEvent");
    }
    try {
      Class<?> type = Class.forName(String.valueOf(name));
      if (!SpecificRecord.class.isAssignableFrom(type)) {
        throw new ConfigException(VALUE_TYPE, name, "not a generated Avro SpecificRecord class");
      }
      return (Class<T>) type;
    } catch (ClassNotFoundException e) {
      throw new ConfigException(VALUE_TYPE, name, "class not found on the classpath");
    }
  }
}
