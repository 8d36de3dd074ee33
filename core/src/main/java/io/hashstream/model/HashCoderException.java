package io.hashstream.model;

/**
 * The HashCoder could not be loaded or could not run: the PyTorch engine is not on the classpath,
 * or an inference call failed. Unchecked: the caller cannot fix either by retrying the same call.
 */
public final class HashCoderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the model version
   * @param cause the engine's exception
   */
  public HashCoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
