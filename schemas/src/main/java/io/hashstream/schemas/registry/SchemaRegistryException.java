package io.hashstream.schemas.registry;

/**
 * The schema registry refused a request or could not be reached. {@link #httpStatus()} is 0 when
 * no HTTP answer came at all (connection refused, timeout).
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the registry's answer, or 0 if it did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The Confluent error code from the body (e.g. 40403 schema not found), or 0 if none. */
  public int errorCode() {
    return errorCode;
  }

  /** True when the registry never answered, so the request may succeed later. */
  public boolean isUnreachable() {
    return httpStatus == 0;
  }

  /** The registry rejected a schema because it breaks the subject's compatibility rule (HTTP 409). */
  public static final class Incompatible extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public Incompatible(String message, int errorCode) {
      super(message, 409, errorCode, null);
    }
  }

  /** The registry does not know the subject, version or schema id (HTTP 404). */
  public static final class NotFound extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message, int errorCode) {
      super(message, 404, errorCode, null);
    }
  }
}
