package io.hashstream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A fake registry for unit tests: Confluent's id and compatibility semantics in a map, with a count
 * of calls so that caching can be asserted. Integration tests use the real embedded registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, List<Schema>> versions = new HashMap<>();
  private final Map<String, Compatibility> compatibility = new HashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private int nextId = 1;

  public int calls() {
    return calls.get();
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    calls.incrementAndGet();
    Integer existing = idOf(schema);
    List<Schema> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
    if (existing != null && subjectVersions.contains(schema)) {
      return existing;
    }
    if (!compatible(subject, schema)) {
      throw new SchemaRegistryException.Incompatible(
          "schema is not " + compatibility.get(subject) + " compatible with " + subject, 409);
    }
    subjectVersions.add(schema);
    if (existing != null) {
      return existing;
    }
    int id = nextId++;
    byId.put(id, schema);
    return id;
  }

  @Override
  public synchronized int lookupId(String subject, Schema schema) {
    calls.incrementAndGet();
    Integer id = idOf(schema);
    if (id == null || !versions.getOrDefault(subject, List.of()).contains(schema)) {
      throw new SchemaRegistryException.NotFound("not under " + subject, 40403);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    calls.incrementAndGet();
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException.NotFound("schema " + id + " not found", 40403);
    }
    return schema;
  }

  @Override
  public synchronized void setCompatibility(String subject, Compatibility level) {
    calls.incrementAndGet();
    compatibility.put(subject, level);
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    calls.incrementAndGet();
    return compatible(subject, schema);
  }

  private boolean compatible(String subject, Schema candidate) {
    List<Schema> existing = versions.getOrDefault(subject, List.of());
    Compatibility level = compatibility.getOrDefault(subject, Compatibility.BACKWARD);
    if (existing.isEmpty() || level == Compatibility.NONE) {
      return true;
    }
    Schema latest = existing.get(existing.size() - 1);
    boolean backward = canRead(candidate, latest);
    boolean forward = canRead(latest, candidate);
    return switch (level) {
      case BACKWARD, BACKWARD_TRANSITIVE -> backward;
      case FORWARD -> forward;
      case FULL, FULL_TRANSITIVE -> backward && forward;
      case NONE -> true;
    };
  }

  private static boolean canRead(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  private Integer idOf(Schema schema) {
    for (Map.Entry<Integer, Schema> e : byId.entrySet()) {
      if (e.getValue().equals(schema)) {
        return e.getKey();
      }
    }
    return null;
  }
}
