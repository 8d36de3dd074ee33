package io.hashstream.alerts.access;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller of the look-up API may see: every tenant ({@link #ALL}: an admin token, or a
 * service without tokens on loopback) or the cases, actions, clusters and thumbnails of some
 * tenants only. Immutable.
 *
 * @param all whether every tenant is visible
 * @param tenants the visible tenants when not {@code all}
 */
public record Scope(boolean all, Set<String> tenants) {
  /** Every tenant. */
  public static final Scope ALL = new Scope(true, Set.of());

  /** Checks and copies the parts. */
  public Scope {
    tenants = Set.copyOf(Objects.requireNonNull(tenants, "tenants"));
    if (!all && tenants.isEmpty()) {
      throw new IllegalArgumentException("a scope without 'all' names at least one tenant");
    }
  }

  /** The scope of some tenants. */
  public static Scope tenants(Set<String> tenants) {
    return new Scope(false, tenants);
  }

  /** Whether {@code tenant}'s records are visible. */
  public boolean mayRead(String tenant) {
    return all || tenants.contains(tenant);
  }

  @Override
  public String toString() {
    return all ? "all tenants" : "tenants " + new TreeSet<>(tenants);
  }
}
