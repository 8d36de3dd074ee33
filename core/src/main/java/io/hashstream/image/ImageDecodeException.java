package io.hashstream.image;

/**
 * An image could not be turned into pixels; {@link #reason()} says why in terms the dead-letter
 * topic understands. Checked, so that every caller decides where a rejected image goes (the
 * streaming job sends it to {@code dead-letters}; nothing is dropped silently). The cause, when
 * there is one, is the exception the image reader threw.
 */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final DecodeFailureReason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the image was rejected
   * @param message what was wrong, for logs and the dead letter's detail field
   */
  public ImageDecodeException(DecodeFailureReason reason, String message) {
    this(reason, message, null);
  }

  /**
   * Creates the exception with the reader's exception as cause.
   *
   * @param reason why the image was rejected
   * @param message what was wrong, for logs and the dead letter's detail field
   * @param cause the image reader's exception, or null
   */
  public ImageDecodeException(DecodeFailureReason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    if (reason == null) {
      throw new IllegalArgumentException("reason is required");
    }
    this.reason = reason;
  }

  /**
   * Why the image was rejected.
   *
   * @return the reason, never null
   */
  public DecodeFailureReason reason() {
    return reason;
  }
}
