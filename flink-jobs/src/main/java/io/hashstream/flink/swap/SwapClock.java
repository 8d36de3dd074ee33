package io.hashstream.flink.swap;

import java.io.Serializable;

/**
 * The clocks the swap paces itself by: a monotonic one for slices and rests, the wall clock for
 * telling stale ticks from fresh ones (a tick carries the wall-clock time it was made). Injected so
 * that tests drive time instead of sleeping.
 */
public interface SwapClock extends Serializable {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Wall-clock epoch milliseconds, as {@link System#currentTimeMillis()}. */
  long currentTimeMillis();

  /** The system's clocks. */
  static SwapClock system() {
    return SystemClock.INSTANCE;
  }

  /** The system's clocks (an enum: serializable, one instance). */
  enum SystemClock implements SwapClock {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }
  }
}
