package io.hashstream.trainer;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Formats progress lines: position, loss terms, learning rate, throughput and ETA, e.g. {@code
 * epoch 2/5 step 60/195 loss 0.4211 align 0.5327 coding_rate -1.1163 lr 8.1e-04 rows/s 2391 eta
 * 58s}. Throughput and ETA come from the steps run so far. Not thread-safe: one loop owns it.
 */
final class ProgressMeter {
  private final Consumer<String> out;
  private final int totalSteps;
  private final int epochs;
  private final int batchSize;
  private final long startNanos;

  ProgressMeter(Consumer<String> out, int totalSteps, int epochs, int batchSize, long startNanos) {
    this.out = out;
    this.totalSteps = totalSteps;
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.startNanos = startNanos;
  }

  void step(int epoch, int stepsDone, double loss, double alignment, double codingRate, double lr,
      long nowNanos) {
    double seconds = (nowNanos - startNanos) / 1e9;
    double rowsPerSecond = stepsDone * (double) batchSize / Math.max(seconds, 1e-9);
    double eta = seconds / stepsDone * (totalSteps - stepsDone);
    out.accept(
        String.format(
            Locale.ROOT,
            "epoch %d/%d step %d/%d loss %.4f align %.4f coding_rate %.4f lr %.2e rows/s %.0f eta %.0fs",
            epoch,
            epochs,
            stepsDone,
            totalSteps,
            loss,
            alignment,
            codingRate,
            lr,
            rowsPerSecond,
            eta));
  }

  void epoch(EpochSummary s) {
    out.accept(
        String.format(
            Locale.ROOT,
            "epoch %d/%d done: %d steps, mean loss %.4f align %.4f coding_rate %.4f, %.1fs, rows/s %.0f",
            s.epoch(),
            epochs,
            s.steps(),
            s.loss(),
            s.alignment(),
            s.codingRate(),
            s.seconds(),
            s.rowsPerSecond()));
  }
}
