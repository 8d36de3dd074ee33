package io.hashstream.schemas.registry;

import java.io.Serializable;
import java.net.URI;
import java.util.function.Supplier;

/**
 * A serializable recipe for a registry client, for code that is shipped to other JVMs before it
 * runs (Flink functions and serialization schemas build their client in {@code open}).
 */
@FunctionalInterface
public interface RegistrySupplier extends Supplier<SchemaRegistry>, Serializable {

  /** A cached HTTP client of the registry at {@code confluentApiUrl}. */
  static RegistrySupplier http(String confluentApiUrl) {
    URI.create(confluentApiUrl); // fail now on a malformed URL, not on a task manager
    return () -> new CachedSchemaRegistry(new HttpSchemaRegistry(URI.create(confluentApiUrl)));
  }
}
