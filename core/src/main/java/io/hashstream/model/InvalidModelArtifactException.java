package io.hashstream.model;

/**
 * A model artifact was rejected while loading: it is not an artifact, it has a format version this
 * build cannot read, it is truncated, its content does not match its sha256, or its content is
 * inconsistent. Nothing of a rejected artifact is ever used; a corrupt file is never retried.
 */
public final class InvalidModelArtifactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an artifact was rejected. */
  public enum Reason {
    /** The file does not start with the artifact magic number. */
    BAD_MAGIC,
    /** The format version (or a reserved flag) is one this build does not know. */
    UNSUPPORTED_FORMAT_VERSION,
    /** The file is shorter than its header says. */
    TRUNCATED,
    /** The sha256 over the content (or the file's sha256 given by the caller) does not match. */
    DIGEST_MISMATCH,
    /** The digest matches but the content is inconsistent (shapes, lengths, values). */
    MALFORMED
  }

  private final Reason reason;
  private final String source;

  /**
   * Creates the exception.
   *
   * @param reason why the artifact was rejected
   * @param source where it came from (a path, or a description)
   * @param detail what exactly was wrong
   */
  public InvalidModelArtifactException(Reason reason, String source, String detail) {
    super("model artifact " + source + " rejected (" + reason + "): " + detail);
    this.reason = reason;
    this.source = source;
  }

  /**
   * Why the artifact was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Where the artifact came from.
   *
   * @return a path or a description
   */
  public String source() {
    return source;
  }
}
