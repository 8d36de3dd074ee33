package io.hashstream.bench.pdq;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Operations per second of one task on the calling thread: warm-up rounds, then the median of
 * measured rounds of at least a given duration. The task returns a long that is folded into {@link
 * #sink()}, so the JIT cannot drop the work. Less rigorous than JMH (no forks, no blackhole
 * guarantees), which is acceptable for tasks of tens of microseconds and more, as here.
 */
final class Throughput {
  private final Duration round;
  private final int warmupRounds;
  private final int measuredRounds;
  private long sink;

  Throughput(Duration round, int warmupRounds, int measuredRounds) {
    this.round = round;
    this.warmupRounds = warmupRounds;
    this.measuredRounds = measuredRounds;
  }

  /**
   * Runs the task and returns its rate.
   *
   * @param task one operation
   * @return the median over measured rounds of operations per second
   */
  double perSecond(LongSupplier task) {
    for (int i = 0; i < warmupRounds; i++) {
      oneRound(task);
    }
    double[] rates = new double[measuredRounds];
    for (int i = 0; i < measuredRounds; i++) {
      rates[i] = oneRound(task);
    }
    Arrays.sort(rates);
    return rates[measuredRounds / 2];
  }

  private double oneRound(LongSupplier task) {
    long budget = round.toNanos();
    long start = System.nanoTime();
    long elapsed;
    int ops = 0;
    do {
      sink += task.getAsLong();
      ops++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return ops / (elapsed / 1e9);
  }

  /** The folded results; print or store it so the work stays observable. */
  long sink() {
    return sink;
  }
}
