package io.hashstream.flink.banks;

import io.hashstream.schemas.BankSignal;

/**
 * One record of {@code bank-signals}, decoded and checked: an entry added or replaced ({@link
 * #entry} set) or removed (a tombstone: {@link #entry} null). A Flink POJO, keyed by {@link
 * #entryId}.
 */
public final class BankEntryChange {
  /** {@link io.hashstream.schemas.BankKeys#entryId} of {@link #key}. */
  public long entryId;
  /** The record's key, {@code bank/signal/contentId}. */
  public String key;
  /** The new value, or null when the entry was removed. */
  public BankSignal entry;

  public BankEntryChange() {}

  public BankEntryChange(long entryId, String key, BankSignal entry) {
    this.entryId = entryId;
    this.key = key;
    this.entry = entry;
  }

  public boolean isRemoval() {
    return entry == null;
  }

  @Override
  public String toString() {
    return (isRemoval() ? "remove " : "put ") + key;
  }
}
