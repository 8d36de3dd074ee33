package io.hashstream.flink.config;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which banks each tenant's uploads are matched against: the tenants named in {@code
 * banks.subscribe.<tenant>=BANK,BANK...} get exactly those banks, every other tenant all banks
 * ({@code banks.default-subscription=all}) or none ({@code none}). Immutable and serializable.
 *
 * @param byTenant tenant → its banks
 * @param othersGetAll whether tenants not named get every bank (else none)
 */
public record BankSubscriptions(Map<String, Set<String>> byTenant, boolean othersGetAll)
    implements Serializable {

  /** Copies the map. */
  public BankSubscriptions {
    TreeMap<String, Set<String>> copy = new TreeMap<>();
    byTenant.forEach((tenant, banks) -> copy.put(tenant, Set.copyOf(banks)));
    byTenant = copy;
  }

  /** Every tenant gets every bank. */
  public static BankSubscriptions all() {
    return new BankSubscriptions(Map.of(), true);
  }

  /**
   * Parses the settings.
   *
   * @param perTenant tenant → comma-separated bank names (the {@code banks.subscribe.} keys)
   * @param othersGetAll the default for tenants not named
   * @throws IllegalArgumentException for an empty bank name
   */
  static BankSubscriptions parse(Map<String, String> perTenant, boolean othersGetAll) {
    Map<String, Set<String>> byTenant = new TreeMap<>();
    perTenant.forEach((tenant, list) -> {
      Set<String> banks = new TreeSet<>();
      for (String bank : list.split(",")) {
        if (bank.isBlank()) {
          throw new IllegalArgumentException("banks.subscribe." + tenant
              + " must list bank names separated by commas, got '" + list + "'");
        }
        banks.add(bank.trim());
      }
      byTenant.put(tenant, banks);
    });
    return new BankSubscriptions(byTenant, othersGetAll);
  }

  /** Whether {@code tenant}'s uploads are matched against {@code bank}. */
  public boolean allows(String tenant, String bank) {
    Set<String> banks = byTenant.get(tenant);
    return banks == null ? othersGetAll : banks.contains(bank);
  }
}
