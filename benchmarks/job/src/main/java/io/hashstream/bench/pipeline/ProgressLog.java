package io.hashstream.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A benchmark's console: every line stamped with the seconds since the benchmark started, and
 * waits for a condition that print a progress line every 5 s, so a long run shows that it moves.
 */
public final class ProgressLog {
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  private final long startNanos = System.nanoTime();

  /** Seconds since this log was made. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Prints a line, {@code [  12.3s] message}. */
  public void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[%7.1fs] %s%n", elapsedSeconds(), String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /**
   * Waits for {@code done}, printing {@code progress} every 5 s.
   *
   * @throws IllegalStateException naming {@code what} after {@code timeout}
   */
  public void await(Duration timeout, BooleanSupplier done, String what, Supplier<String> progress)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextLog = start + PROGRESS_NANOS;
    while (!done.getAsBoolean()) {
      long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException("timed out after " + timeout.toMinutes() + " min waiting for " + what);
      }
      if (now > nextLog) {
        nextLog = now + PROGRESS_NANOS;
        log("  %s", progress.get());
      }
      Thread.sleep(20); // polling what other threads count: the conditions have no event to wait on
    }
  }

  /** The machine's 1-minute load average now (other work on shared cores), or null off Linux. */
  public static Double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
