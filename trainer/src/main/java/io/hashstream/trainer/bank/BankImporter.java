package io.hashstream.trainer.bank;

import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Imports a hash-list file into a bank, in two passes: the first reads and checks every row (line
 * numbers and reasons of the bad ones), the second writes the good ones to {@code bank-signals} in
 * transactions of {@link #TRANSACTION_ROWS} rows. With {@code strict}, the first bad row stops the
 * import before anything is written. Re-importing a file is idempotent: the same rows have the same
 * keys.
 *
 * @param topic where entries go
 * @param bank the bank
 * @param verdict what a match against the bank means
 * @param tags tags added to every row's own
 * @param addedBy recorded in every entry
 * @param clock stamps {@code addedAt}
 */
public record BankImporter(
    BankTopic topic, String bank, Verdict verdict, List<String> tags, String addedBy, Clock clock) {
  /** Rows per Kafka transaction. */
  public static final int TRANSACTION_ROWS = 50_000;

  /** At most this many bad rows are kept for the report (all are counted). */
  public static final int LISTED_BAD_ROWS = 1_000;

  /**
   * What an import did.
   *
   * @param lines lines read
   * @param imported rows written
   * @param badRows how many rows were bad
   * @param listed the first {@link #LISTED_BAD_ROWS} of them
   * @param refused whether nothing was written because of {@code strict}
   * @param seconds how long it took
   */
  public record Report(
      long lines, long imported, long badRows, List<BadRow> listed, boolean refused,
      double seconds) {}

  /**
   * Imports {@code file}.
   *
   * @param progress given the number of good rows, a meter told the rows written so far (after
   *     each transaction and at the end)
   */
  public Report run(Path file, ExchangeFormat format, boolean strict,
      LongFunction<LongConsumer> progress) throws IOException {
    if (!BankKeys.isValidBank(bank)) {
      throw new IllegalArgumentException("bad bank name '" + bank + "': 1..128 characters of"
          + " letters, digits, '_', '.', '-', starting with a letter or digit");
    }
    long start = System.nanoTime();
    BitSet badLines = new BitSet();
    List<BadRow> listed = new ArrayList<>();
    long[] good = new long[1];
    long[] bad = new long[1];
    long lines;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      lines = new ExchangeFileReader(format).readAll(in, new ExchangeFileReader.RowSink() {
        @Override
        public void row(BankRow row) {
          good[0]++;
        }

        @Override
        public void bad(BadRow row) {
          bad[0]++;
          badLines.set(Math.toIntExact(row.line()));
          if (listed.size() < LISTED_BAD_ROWS) {
            listed.add(row);
          }
          if (strict) {
            throw new FirstBadRow();
          }
        }
      });
    } catch (FirstBadRow refused) {
      return new Report(listed.get(0).line(), 0, 1, listed, true, seconds(start));
    }
    long written = 0;
    LongConsumer meter = progress.apply(good[0]);
    try (BankTopic.Writer writer = topic.writer();
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long[] done = new long[1];
      new ExchangeFileReader(format).readAll(in, new ExchangeFileReader.RowSink() {
        @Override
        public void row(BankRow row) {
          if (badLines.get(Math.toIntExact(row.line()))) {
            return;
          }
          writer.put(entry(row));
          done[0]++;
          if (writer.pending() >= TRANSACTION_ROWS) {
            writer.commit();
            meter.accept(done[0]);
          }
        }

        @Override
        public void bad(BadRow row) {
          // counted in the first pass
        }
      });
      writer.commit();
      written = done[0];
      meter.accept(written);
    }
    return new Report(lines, written, bad[0], listed, false, seconds(start));
  }

  /** The entry of a good row in this bank. */
  BankSignal entry(BankRow row) {
    List<String> allTags = new ArrayList<>(row.tags());
    tags.stream().filter(t -> !allTags.contains(t)).forEach(allTags::add);
    return BankSignal.newBuilder()
        .setBank(bank)
        .setContentId(row.contentId())
        .setBankContentId(BankKeys.bankContentId(bank, row.contentId()))
        .setSignalType(row.signal())
        .setSignal(row.hex())
        .setQuality(row.quality())
        .setModelVersion(row.modelVersion())
        .setBits(row.bits())
        .setVerdict(verdict)
        .setTags(allTags)
        .setAddedAt(clock.instant())
        .setAddedBy(addedBy)
        .setEmbedding(null)
        .build();
  }

  /** Stops the first pass of a strict import at its first bad row. */
  private static final class FirstBadRow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FirstBadRow() {
      super(null, null, false, false);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
