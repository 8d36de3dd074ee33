package io.hashstream.flink.swap;

/**
 * A {@link SwapClock} moved by the test: monotonic and wall time advance together, by hand and,
 * if asked, by a fixed step at every monotonic read (so a re-hash slice ends after its first
 * batch, however fast the machine).
 */
public final class ManualSwapClock implements SwapClock {
  private static final long serialVersionUID = 1L;
  private static final long MS = 1_000_000L;

  private long nanos = 1_000 * MS;
  private long stepPerReadNanos;

  /** Moves both clocks forward. */
  public void advance(long byNanos) {
    nanos += byNanos;
  }

  /** From now on every {@link #nanoTime()} read also moves the clocks forward by {@code step}. */
  public void advanceOnEveryRead(long stepNanos) {
    stepPerReadNanos = stepNanos;
  }

  @Override
  public long nanoTime() {
    nanos += stepPerReadNanos;
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return nanos / MS;
  }
}
