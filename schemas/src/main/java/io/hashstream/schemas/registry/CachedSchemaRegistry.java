package io.hashstream.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;

/**
 * A cache in front of any {@link SchemaRegistry}: ids and schemas are immutable in a registry, so
 * each (subject, schema) and each id is asked for once per process.
 *
 * <p>Unknown ids are remembered too, for {@link #NEGATIVE_TTL_NANOS}, so that a stream of frames
 * naming a bogus id costs one registry call a minute instead of one per record. Compatibility
 * questions are never cached. Safe for concurrent use; the caches grow with the number of distinct
 * schemas, which is small.
 */
public final class CachedSchemaRegistry implements SchemaRegistry {
  /** How long an id the registry did not know is answered from the cache as unknown. */
  public static final long NEGATIVE_TTL_NANOS = 60_000_000_000L;

  private static final int MAX_NEGATIVE_ENTRIES = 1024;

  private final SchemaRegistry delegate;
  private final LongSupplier nanoTime;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final Map<Integer, Long> unknownUntil = new ConcurrentHashMap<>();

  public CachedSchemaRegistry(SchemaRegistry delegate) {
    this(delegate, System::nanoTime);
  }

  /** For tests: {@code nanoTime} is the clock that expires remembered unknown ids. */
  public CachedSchemaRegistry(SchemaRegistry delegate, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.nanoTime = nanoTime;
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer id = ids.get(key);
    if (id == null) {
      id = delegate.register(subject, schema);
      ids.put(key, id);
      schemas.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer id = ids.get(key);
    if (id == null) {
      id = delegate.lookupId(subject, schema);
      ids.put(key, id);
      schemas.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = schemas.get(id);
    if (schema != null) {
      return schema;
    }
    Long until = unknownUntil.get(id);
    long now = nanoTime.getAsLong();
    if (until != null && now - until < 0) {
      throw new SchemaRegistryException.NotFound(
          "schema id " + id + " is unknown to the registry (cached answer)", 40403);
    }
    try {
      schema = delegate.schemaById(id);
    } catch (SchemaRegistryException.NotFound e) {
      if (unknownUntil.size() >= MAX_NEGATIVE_ENTRIES) {
        unknownUntil.clear();
      }
      unknownUntil.put(id, now + NEGATIVE_TTL_NANOS);
      throw e;
    }
    unknownUntil.remove(id);
    Schema previous = schemas.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public void setCompatibility(String subject, Compatibility compatibility) {
    delegate.setCompatibility(subject, compatibility);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  private record SubjectSchema(String subject, Schema schema) {}
}
