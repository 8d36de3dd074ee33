package io.hashstream.flink.ingest;

import io.hashstream.schemas.DeadLetterReason;

/** An upload event that cannot be processed; it becomes a dead letter with {@link #reason()}. */
public final class RejectedUploadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public RejectedUploadException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
