package io.hashstream.flink.model;

import io.hashstream.schemas.DeadLetterReason;

/**
 * A model update the job will not run, with the dead-letter reason: a checksum that does not
 * match ({@code MODEL_CHECKSUM_MISMATCH}), a model for another encoder, input width or code length
 * than promised ({@code INVALID_MODEL_UPDATE}), or an artifact that cannot be read or loaded
 * ({@code MODEL_LOAD_FAILED}). The running model stays.
 */
public final class ModelRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public ModelRejectedException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ModelRejectedException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
