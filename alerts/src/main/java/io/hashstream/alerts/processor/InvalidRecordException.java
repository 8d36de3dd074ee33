package io.hashstream.alerts.processor;

/**
 * A record decoded but breaks a rule of its topic (a blank tenant, a key that disagrees with the
 * value, a negative distance). It becomes a dead letter with the message and, where known, the
 * image id.
 */
public final class InvalidRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String imageId;

  public InvalidRecordException(String message, String imageId) {
    super(message);
    this.imageId = imageId;
  }

  /** The image the record is about, or null. */
  public String imageId() {
    return imageId;
  }
}
