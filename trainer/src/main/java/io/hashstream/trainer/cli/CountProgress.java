package io.hashstream.trainer.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a job over a known number of items, printed as one line at most every {@code
 * everyNanos}: {@code 120/900 images (3 failed) 14.2/s eta 55s}. Rate and ETA come from the items
 * done so far. Not thread-safe: the loop that does the work owns it.
 */
public final class CountProgress {
  private final PrintStream out;
  private final String unit;
  private final long total;
  private final LongSupplier nanoClock;
  private final long everyNanos;
  private final long startNanos;
  private long lastPrintNanos;

  /**
   * Creates the meter and starts its clock.
   *
   * @param out where lines go (stderr for the CLIs)
   * @param unit what is counted, e.g. {@code images}
   * @param total how many items there are
   * @param nanoClock a monotonic clock, e.g. {@code System::nanoTime}
   * @param everyNanos the least time between two lines
   */
  public CountProgress(
      PrintStream out, String unit, long total, LongSupplier nanoClock, long everyNanos) {
    this.out = out;
    this.unit = unit;
    this.total = total;
    this.nanoClock = nanoClock;
    this.everyNanos = everyNanos;
    this.startNanos = nanoClock.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  /**
   * Reports progress; prints if enough time has passed or the job is complete.
   *
   * @param done items done so far
   * @param failed items among them that failed
   */
  public void update(long done, long failed) {
    long now = nanoClock.getAsLong();
    if (done < total && now - lastPrintNanos < everyNanos) {
      return;
    }
    lastPrintNanos = now;
    out.println(line(done, failed, now));
  }

  /** The progress line for {@code done} items at time {@code now}. */
  String line(long done, long failed, long now) {
    double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
    double rate = done / seconds;
    String eta = rate > 0 ? String.format(Locale.ROOT, "%.0fs", (total - done) / rate) : "?";
    return String.format(
        Locale.ROOT,
        "%d/%d %s (%d failed) %.1f/s eta %s",
        done,
        total,
        unit,
        failed,
        rate,
        eta);
  }
}
