package io.hashstream.alerts.access;

import java.util.Objects;

/**
 * Who made a request: the name of the token's entry in the token file (for logs; never the token)
 * and what it may see.
 *
 * @param name the token's name
 * @param scope what it may see
 */
public record Principal(String name, Scope scope) {
  /** The caller of a service that runs without tokens (loopback only). */
  public static final Principal ANONYMOUS_LOOPBACK = new Principal("(no tokens configured)", Scope.ALL);

  /** Checks the parts. */
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
  }
}
