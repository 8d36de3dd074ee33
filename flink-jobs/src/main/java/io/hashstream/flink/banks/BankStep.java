package io.hashstream.flink.banks;

import io.hashstream.schemas.BankSignal;

/**
 * What the bank matcher hands the enrich step, keyed by entry id: an entry change (which the
 * matcher applied first) or a hit. One stream for both keeps them in order per entry: a hit found
 * before a removal is enriched before the removal arrives, and no hit of an entry reaches the
 * enrich step before the entry does. A Flink POJO.
 */
public final class BankStep {
  public long entryId;
  /** A hit, or null for an entry change. */
  public BankHit hit;
  /** For an entry change: the new value, or null for a removal. */
  public BankSignal entry;

  public BankStep() {}

  static BankStep change(BankEntryChange change) {
    BankStep s = new BankStep();
    s.entryId = change.entryId;
    s.entry = change.entry;
    return s;
  }

  static BankStep hit(long entryId, BankHit hit) {
    BankStep s = new BankStep();
    s.entryId = entryId;
    s.hit = hit;
    return s;
  }

  public boolean isHit() {
    return hit != null;
  }
}
