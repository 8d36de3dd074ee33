package io.hashstream.encoder;

/**
 * A model file's sha256 is not the expected one, so it was not loaded. This means a corrupted,
 * truncated or substituted file (for the bundled encoder: a damaged jar); it is never retried.
 */
public final class ModelIntegrityException extends EncoderException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String expectedSha256;
  private final String actualSha256;

  /**
   * Creates the exception.
   *
   * @param source where the model came from (a classpath resource or a path)
   * @param expectedSha256 the pinned digest, lower-case hex
   * @param actualSha256 the digest of the bytes read, lower-case hex
   */
  public ModelIntegrityException(String source, String expectedSha256, String actualSha256) {
    super(
        "model "
            + source
            + " has sha256 "
            + actualSha256
            + " but "
            + expectedSha256
            + " was expected: the file is corrupt or not the pinned model");
    this.source = source;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  /**
   * Where the model came from.
   *
   * @return a classpath resource name or a path
   */
  public String source() {
    return source;
  }

  /**
   * The pinned digest.
   *
   * @return lower-case hex sha256
   */
  public String expectedSha256() {
    return expectedSha256;
  }

  /**
   * The digest of the bytes actually read.
   *
   * @return lower-case hex sha256
   */
  public String actualSha256() {
    return actualSha256;
  }
}
