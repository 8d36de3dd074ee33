package io.hashstream.alerts.access;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller of the look-up API may see: every tenant ({@link #ALL}: an admin token, or a
 * service without tokens on loopback), the cases, actions, clusters and thumbnails of some
 * tenants only, or no tenant at all ({@link #METRICS}: a scrape token, which may read {@code
 * /metrics} and nothing else). Immutable.
 *
 * @param all whether every tenant is visible
 * @param tenants the visible tenants when not {@code all}; none: {@link #METRICS}
 */
public record Scope(boolean all, Set<String> tenants) {
  /** Every tenant. */
  public static final Scope ALL = new Scope(true, Set.of());

  /** No tenant: the service's metrics only (a scrape token, {@code metrics} in the token file). */
  public static final Scope METRICS = new Scope(false, Set.of());

  /** Checks and copies the parts. */
  public Scope {
    tenants = Set.copyOf(Objects.requireNonNull(tenants, "tenants"));
    if (all && !tenants.isEmpty()) {
      throw new IllegalArgumentException("a scope of all tenants names none");
    }
  }

  /** The scope of some tenants. */
  public static Scope tenants(Set<String> tenants) {
    if (tenants.isEmpty()) {
      throw new IllegalArgumentException("a scope without 'all' names at least one tenant");
    }
    return new Scope(false, tenants);
  }

  /** Whether this is {@link #METRICS}: no tenant's records, only the service's metrics. */
  public boolean metricsOnly() {
    return !all && tenants.isEmpty();
  }

  /** Whether {@code /metrics} may be read: an admin or a scrape token. */
  public boolean mayReadMetrics() {
    return all || metricsOnly();
  }

  /** Whether {@code tenant}'s records are visible. */
  public boolean mayRead(String tenant) {
    return all || tenants.contains(tenant);
  }

  @Override
  public String toString() {
    return all ? "all tenants" : metricsOnly() ? "metrics only" : "tenants " + new TreeSet<>(tenants);
  }
}
