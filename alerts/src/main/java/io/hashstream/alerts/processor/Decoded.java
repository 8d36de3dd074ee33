package io.hashstream.alerts.processor;

import io.hashstream.schemas.DeadLetter;

/**
 * The outcome of decoding one input record: a value, a tombstone (neither set), or a dead letter.
 *
 * @param value the decoded record, null for a tombstone or a dead letter
 * @param deadLetter why the record was rejected, null if it was not
 * @param <T> the record type
 */
public record Decoded<T>(T value, DeadLetter deadLetter) {

  public static <T> Decoded<T> of(T value) {
    return new Decoded<>(value, null);
  }

  public static <T> Decoded<T> tombstone() {
    return new Decoded<>(null, null);
  }

  public static <T> Decoded<T> rejected(DeadLetter deadLetter) {
    return new Decoded<>(null, deadLetter);
  }

  public boolean isDeadLetter() {
    return deadLetter != null;
  }
}
