package io.hashstream.encoder;

/**
 * An encoder could not be loaded or could not run: a missing or malformed model file, an engine
 * that is not on the classpath, an output of unexpected shape, or a failed inference call.
 * Unchecked, because none of these is recoverable by the caller's retry; the pipeline turns a
 * failed batch into dead letters with a reason.
 */
public class EncoderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the model
   */
  public EncoderException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed, naming the model
   * @param cause the engine's or the IO layer's exception
   */
  public EncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
