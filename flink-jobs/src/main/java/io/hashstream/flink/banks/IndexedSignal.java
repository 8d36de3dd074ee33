package io.hashstream.flink.banks;

import io.hashstream.bank.BankEntry;
import io.hashstream.code.CodeLength;

/**
 * What the bank matcher keeps per entry in keyed state (RocksDB): enough to put the entry back
 * into the heap index after a restore or rescale, and to take it out again on removal. About 50
 * bytes; the entry's metadata (bank, content id, verdict, tags) is kept by {@link
 * BankEnrichFunction}. A Flink POJO.
 */
public final class IndexedSignal {
  /** The CroVCA model version, or null for a PDQ hash. */
  public String modelVersion;
  public int bits;
  public long[] code;

  public IndexedSignal() {}

  static IndexedSignal of(BankEntry entry) {
    IndexedSignal s = new IndexedSignal();
    s.modelVersion = entry.modelVersion();
    s.bits = entry.length().bits();
    s.code = entry.code();
    return s;
  }

  BankEntry toEntry(long entryId) {
    return new BankEntry(entryId, modelVersion, CodeLength.ofBits(bits), code);
  }
}
