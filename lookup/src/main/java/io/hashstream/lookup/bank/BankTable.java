package io.hashstream.lookup.bank;

import io.hashstream.bank.BankEntry;
import io.hashstream.bank.BankIndex;
import io.hashstream.index.result.Matches;
import io.hashstream.pdq.PdqHits;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.MatchSignal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The look-up service's copy of the banks: every live entry of {@code bank-signals} with its
 * metadata, and an exact {@link BankIndex} over their signals. Applied record by record by the
 * {@link BankFollower}, queried by the HTTP threads: every method holds the table's lock (the index
 * is single-threaded; a PDQ query takes about a millisecond at 1M entries, so one at a time is
 * enough for a look-up API).
 *
 * <p>Memory: the index's ~96 bytes per PDQ entry, plus this table's map entry and record (about
 * 250 bytes with a 20-character content id).
 */
public final class BankTable {
  /**
   * One entry.
   *
   * @param entryId {@link BankKeys#entryId} of its key
   * @param bank the bank
   * @param contentId the content id in the list
   * @param bankContentId HMA's numeric content id
   * @param signal PDQ or CROVCA
   * @param hex the signal
   * @param modelVersion CROVCA: its model version
   * @param addedAtMillis when it was added
   */
  public record Entry(long entryId, String bank, String contentId, long bankContentId,
      MatchSignal signal, String hex, String modelVersion, long addedAtMillis) {}

  /**
   * An entry a query found.
   *
   * @param entry the entry
   * @param distance its Hamming distance to the query
   */
  public record Hit(Entry entry, int distance) {}

  /**
   * How many entries of a signal type the table holds, and the newest {@code addedAt}.
   *
   * @param size entries
   * @param newestAddedAtMillis the newest entry's {@code addedAt}, or -1 with none
   */
  public record SignalStatus(long size, long newestAddedAtMillis) {}

  private final BankIndex index = new BankIndex();
  private final Map<Long, Entry> entries = new HashMap<>();
  private final Map<String, Map<Long, List<Entry>>> contents = new TreeMap<>();
  private final Map<MatchSignal, Long> newest = new EnumMap<>(MatchSignal.class);

  /**
   * Applies one record of {@code bank-signals}: a value adds or replaces its key's entry, a null
   * value (tombstone) removes it.
   *
   * @throws IllegalArgumentException if the record is not valid ({@link BankKeys#requireValid});
   *     the table is unchanged
   */
  public synchronized void apply(String key, BankSignal value) {
    long id = BankKeys.entryId(key);
    if (value != null) {
      BankKeys.requireValid(key, value);
    }
    Entry before = entries.remove(id);
    if (before != null) {
      entryOf(before).removeFrom(index);
      List<Entry> ofContent = contents.get(before.bank()).get(before.bankContentId());
      ofContent.remove(before);
      if (ofContent.isEmpty()) {
        contents.get(before.bank()).remove(before.bankContentId());
      }
      if (contents.get(before.bank()).isEmpty()) {
        contents.remove(before.bank());
      }
    }
    if (value == null) {
      return;
    }
    Entry e = new Entry(id, value.getBank(), value.getContentId(), value.getBankContentId(),
        value.getSignalType(), value.getSignal(), value.getModelVersion(),
        value.getAddedAt().toEpochMilli());
    entryOf(e).addTo(index);
    entries.put(id, e);
    contents.computeIfAbsent(e.bank(), b -> new HashMap<>())
        .computeIfAbsent(e.bankContentId(), c -> new ArrayList<>(2)).add(e);
    newest.merge(e.signal(), e.addedAtMillis(), Math::max);
  }

  /**
   * PDQ entries within {@code radius} of {@code hash} (one hash, as HMA matches), nearest first,
   * of the banks named (all banks if null).
   */
  public synchronized List<Hit> lookupPdq(long[] hash, int radius, Set<String> banks) {
    PdqHits found = index.searchPdq(hash, radius);
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      add(hits, found.get(i).itemId(), found.get(i).distance(), banks);
    }
    return hits;
  }

  /** CroVCA entries of {@code modelVersion} within {@code radius} of {@code code}, nearest first. */
  public synchronized List<Hit> lookupCode(
      String modelVersion, long[] code, int radius, Set<String> banks) {
    Matches found = index.searchCode(modelVersion, code, radius);
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      add(hits, found.id(i), found.distance(i), banks);
    }
    return hits;
  }

  private void add(List<Hit> hits, long entryId, int distance, Set<String> banks) {
    Entry e = entries.get(entryId);
    if (e != null && (banks == null || banks.contains(e.bank()))) {
      hits.add(new Hit(e, distance));
    }
  }

  /** The banks that hold at least one entry, sorted by name. */
  public synchronized List<String> banks() {
    return List.copyOf(contents.keySet());
  }

  /** The signals of one piece of content, or empty if the bank holds none under that id. */
  public synchronized Optional<List<Entry>> content(String bank, long bankContentId) {
    Map<Long, List<Entry>> ofBank = contents.get(bank);
    List<Entry> signals = ofBank == null ? null : ofBank.get(bankContentId);
    return signals == null ? Optional.empty() : Optional.of(List.copyOf(signals));
  }

  /** Entries and newest {@code addedAt} per signal type. */
  public synchronized Map<MatchSignal, SignalStatus> status() {
    Map<MatchSignal, SignalStatus> out = new EnumMap<>(MatchSignal.class);
    for (MatchSignal s : List.of(MatchSignal.PDQ, MatchSignal.CROVCA)) {
      long size = s == MatchSignal.PDQ ? index.pdqSize() : index.codeSize();
      out.put(s, new SignalStatus(size, size == 0 ? -1 : newest.getOrDefault(s, -1L)));
    }
    return out;
  }

  private static BankEntry entryOf(Entry e) {
    return e.signal() == MatchSignal.PDQ
        ? BankEntry.pdq(e.entryId(), e.hex())
        : BankEntry.code(e.entryId(), e.modelVersion(), e.hex().length() * 4, e.hex());
  }
}
