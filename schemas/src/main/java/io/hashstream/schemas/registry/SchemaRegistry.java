package io.hashstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry that hashstream uses. Implementations: {@link
 * HttpSchemaRegistry} (the REST API, {@code /apis/ccompat/v7} on Apicurio) and {@link
 * CachedSchemaRegistry} (a cache in front of any other).
 *
 * <p>Every method may throw {@link SchemaRegistryException}; {@link
 * SchemaRegistryException.NotFound} and {@link SchemaRegistryException.Incompatible} are the typed
 * refusals callers act on.
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject} (or finds it if already there) and returns its
   * global id. Registering the same schema again returns the same id.
   *
   * @throws SchemaRegistryException.Incompatible if the subject's compatibility rule rejects it
   */
  int register(String subject, Schema schema);

  /**
   * Returns the id of {@code schema} under {@code subject} without registering it.
   *
   * @throws SchemaRegistryException.NotFound if the subject does not hold that schema
   */
  int lookupId(String subject, Schema schema);

  /**
   * Returns the schema with global id {@code id}.
   *
   * @throws SchemaRegistryException.NotFound if no schema has that id
   */
  Schema schemaById(int id);

  /** Sets the compatibility rule of one subject. */
  void setCompatibility(String subject, Compatibility compatibility);

  /** Asks whether {@code schema} could be registered as the next version of {@code subject}. */
  boolean isCompatible(String subject, Schema schema);

  /** The compatibility rules of the Confluent API that hashstream uses. */
  enum Compatibility {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FULL,
    FULL_TRANSITIVE
  }
}
