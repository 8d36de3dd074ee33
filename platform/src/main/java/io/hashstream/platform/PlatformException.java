package io.hashstream.platform;

/**
 * The embedded platform could not start. {@link #problem()} says which way, and the message says
 * what to do about it.
 */
public final class PlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The ways start-up fails that a user can act on. */
  public enum Problem {
    /** A configured port is taken by another process. */
    PORT_IN_USE,
    /** The schema-registry distribution is not where the launcher looks. */
    REGISTRY_MISSING,
    /** The Java running (or the one found for the registry) is older than required. */
    JAVA_TOO_OLD,
    /** A component did not become ready within the start-up timeout. */
    STARTUP_TIMEOUT,
    /** A component failed while starting. */
    STARTUP_FAILED
  }

  private final Problem problem;

  public PlatformException(Problem problem, String message) {
    this(problem, message, null);
  }

  public PlatformException(Problem problem, String message, Throwable cause) {
    super(problem + ": " + message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
