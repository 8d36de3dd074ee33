package io.hashstream.trainer.optim;

/**
 * The paper's per-iteration learning rate: cosine from {@code base} to {@code min} over {@code
 * totalSteps} iterations, without warm-up: {@code lr(it) = min + ½(base − min)(1 + cos(π·it/T))}.
 * The last visited value ({@code it = T − 1}) stays slightly above {@code min}. Computed with
 * {@link StrictMath#cos}, so the same step gives the same bits whether the code is interpreted or
 * JIT-compiled (a seed must reproduce its weights exactly). Immutable.
 *
 * @param base lr at step 0 (1e-3 in the paper)
 * @param min the floor (1e-6)
 * @param totalSteps T = epochs × steps per epoch
 */
public record CosineSchedule(double base, double min, int totalSteps) {
  /**
   * Validates the schedule.
   *
   * @throws IllegalArgumentException if T is below 1, a rate is negative, or min is above base
   */
  public CosineSchedule {
    if (totalSteps < 1 || !(min >= 0) || !(base >= min)) {
      throw new IllegalArgumentException(
          "need totalSteps >= 1 and 0 <= min <= base: " + totalSteps + ", " + min + ", " + base);
    }
  }

  /**
   * The learning rate of one step.
   *
   * @param step 0-based iteration
   * @return the rate
   */
  public double at(int step) {
    if (step < 0 || step >= totalSteps) {
      throw new IndexOutOfBoundsException("step " + step + " of " + totalSteps);
    }
    return min + 0.5 * (base - min) * (1 + StrictMath.cos(Math.PI * step / totalSteps));
  }
}
