package io.hashstream.alerts.processor;

/**
 * Validates one decoded record of a topic and says what to key it by inside the topology.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface RecordCheck<T> {

  /**
   * Returns the key for {@code value} (never null), or throws.
   *
   * @param rawKey the record's key as UTF-8 text, or null
   * @param value the decoded value, or null for a tombstone
   * @throws InvalidRecordException if the record breaks a rule of its topic
   */
  String keyOf(String rawKey, T value);
}
