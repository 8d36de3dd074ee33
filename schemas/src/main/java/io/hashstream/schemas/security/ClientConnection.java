package io.hashstream.schemas.security;

import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.registry.CachedSchemaRegistry;
import io.hashstream.schemas.registry.HttpSchemaRegistry;
import io.hashstream.schemas.registry.RegistrySupplier;
import io.hashstream.schemas.registry.SchemaRegistry;
import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka and the schema registry are and how to reach them safely: what every client needs,
 * in one value. {@link #clientProperties()} is the whole configuration of a producer, consumer,
 * admin client or Streams app with the registry serdes (addresses and {@link KafkaClientSecurity});
 * the client adds only its own behaviour (acks, group id, ...).
 *
 * @param bootstrapServers Kafka's {@code host:port} list
 * @param registryUrl the registry's Confluent-compatible API root
 * @param security how to authenticate and encrypt
 */
public record ClientConnection(String bootstrapServers, String registryUrl, KafkaClientSecurity security)
    implements Serializable {

  /** Checks the parts. */
  public ClientConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
    Objects.requireNonNull(security, "security");
    URI.create(registryUrl);
  }

  /** The embedded platform on its default ports, without security. */
  public static ClientConnection defaults() {
    return new ClientConnection(
        DefaultAddresses.BOOTSTRAP_SERVERS, DefaultAddresses.REGISTRY_URL, KafkaClientSecurity.none());
  }

  /**
   * Addresses and security settings for any client with the registry serdes: {@code
   * bootstrap.servers}, {@code schema.registry.url} and every security setting.
   *
   * @return a new, mutable map the caller may add to
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>(security.properties());
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(RegistryAvroSerde.REGISTRY_URL, registryUrl);
    return p;
  }

  /**
   * Addresses and Kafka security settings only (no registry keys): for clients without the
   * registry serdes, such as admin clients, which warn about keys they do not know.
   *
   * @return a new, mutable map
   */
  public Map<String, Object> kafkaProperties() {
    Map<String, Object> p = new HashMap<>(security.kafkaProperties());
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** A cached client of the registry, with its credentials and trust. */
  public SchemaRegistry schemaRegistry() {
    return new CachedSchemaRegistry(new HttpSchemaRegistry(URI.create(registryUrl), security));
  }

  /** The same registry client as a recipe to ship to other JVMs (Flink). */
  public RegistrySupplier registrySupplier() {
    return RegistrySupplier.http(registryUrl, security);
  }

  /** The same addresses with other security settings. */
  public ClientConnection withSecurity(KafkaClientSecurity other) {
    return new ClientConnection(bootstrapServers, registryUrl, other);
  }
}
