package io.hashstream.schemas.registry;

import io.hashstream.schemas.DeadLetterReason;

/**
 * A frame could not be turned into a record. Callers do not crash on it: they turn it into a {@code
 * DeadLetter} with {@link #reason()} and the message, and carry on.
 *
 * <p>{@link DeadLetterReason#REGISTRY_UNAVAILABLE} is the one transient reason: the record may be
 * fine and the registry down, so a caller may retry before dead-lettering.
 */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public WireFormatException(DeadLetterReason reason, String message) {
    this(reason, message, null);
  }

  public WireFormatException(DeadLetterReason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }

  /** True where retrying the same bytes later may succeed. */
  public boolean isTransient() {
    return reason == DeadLetterReason.REGISTRY_UNAVAILABLE;
  }
}
