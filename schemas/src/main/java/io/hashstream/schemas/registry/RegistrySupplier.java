package io.hashstream.schemas.registry;

import io.hashstream.schemas.security.KafkaClientSecurity;
import java.io.Serializable;
import java.net.URI;
import java.util.function.Supplier;

/**
 * A serializable recipe for a registry client, for code that is shipped to other JVMs before it
 * runs (Flink functions and serialization schemas build their client in {@code open}).
 */
@FunctionalInterface
public interface RegistrySupplier extends Supplier<SchemaRegistry>, Serializable {

  /** A cached HTTP client of the registry at {@code confluentApiUrl}, without credentials. */
  static RegistrySupplier http(String confluentApiUrl) {
    return http(confluentApiUrl, KafkaClientSecurity.none());
  }

  /**
   * A cached HTTP client of the registry at {@code confluentApiUrl} with the registry part of
   * {@code security} (basic auth, the truststore). The truststore file is read where the client is
   * built, so it must exist there (on every TaskManager).
   */
  static RegistrySupplier http(String confluentApiUrl, KafkaClientSecurity security) {
    URI.create(confluentApiUrl); // fail now on a malformed URL, not on a task manager
    return () ->
        new CachedSchemaRegistry(new HttpSchemaRegistry(URI.create(confluentApiUrl), security));
  }
}
