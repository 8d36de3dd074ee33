package io.hashstream.flink.swap;

/**
 * Where this subtask is in the re-hash of a swap, and when it may take its next slice. Not state:
 * after a restore the re-hash resumes from the per-tenant cursors in keyed state, and this starts
 * over (so readiness is reported again, which the coordinator counts once).
 *
 * <p>Pacing: a slice re-hashes for at most {@code sliceNanos}, then the subtask rests for at least
 * {@code pauseNanos} and answers uploads meanwhile, so a swap of a million items delays an upload
 * by at most about one slice instead of stalling the subtask for minutes. Ticks made during a
 * slice are stale and skipped (so they never pile up in front of a checkpoint barrier). The rest
 * is cut short when no upload came between the end of the slice and the first fresh tick: Flink
 * alternates between inputs that both have data, so none was waiting and an idle subtask
 * re-hashes nearly all the time.
 */
final class SwapProgress {
  private final long sliceNanos;
  private final long pauseNanos;

  private String version;
  private long startedNanos;
  private long itemsDone;
  private long nextSliceNanos;
  private boolean reported;
  private long nextLogAt;
  private long uploadsSinceSlice;
  private long sliceEndMillis;

  SwapProgress(long sliceNanos, long pauseNanos) {
    this.sliceNanos = sliceNanos;
    this.pauseNanos = pauseNanos;
  }

  /** Whether {@code version} is the swap tracked here (false for none or another). */
  boolean tracks(String version) {
    return version.equals(this.version);
  }

  /** Starts tracking a swap (after PREPARE, or on the first tick after a restore). */
  void start(String version, long nowNanos, long logEvery) {
    this.version = version;
    startedNanos = nowNanos;
    itemsDone = 0;
    nextSliceNanos = nowNanos;
    reported = false;
    nextLogAt = logEvery;
    uploadsSinceSlice = 0;
    sliceEndMillis = 0;
  }

  /** Forgets the swap (activated or abandoned). */
  void stop() {
    version = null;
  }

  /** Counts an upload answered (for telling an idle input from a busy one). */
  void uploadSeen() {
    uploadsSinceSlice++;
  }

  /**
   * On a tick made at {@code tickMillis}: the deadline of a slice starting now, or -1 if the tick
   * is stale or the subtask must still rest for the uploads.
   */
  long sliceDeadline(long nowNanos, long tickMillis) {
    if (tickMillis < sliceEndMillis) {
      return -1;
    }
    boolean rested = nowNanos - nextSliceNanos >= 0;
    return rested || uploadsSinceSlice == 0 ? nowNanos + sliceNanos : -1;
  }

  /** Records a slice that ended at {@code nowNanos} ({@code nowMillis} on the wall clock). */
  void sliced(long items, long nowNanos, long nowMillis) {
    itemsDone += items;
    nextSliceNanos = nowNanos + pauseNanos;
    sliceEndMillis = nowMillis;
    uploadsSinceSlice = 0;
  }

  /** True once per crossing of a multiple of {@code logEvery} items. */
  boolean shouldLog(long logEvery) {
    if (itemsDone < nextLogAt) {
      return false;
    }
    nextLogAt = (itemsDone / logEvery + 1) * logEvery;
    return true;
  }

  /** Marks readiness reported; true the first time only. */
  boolean markReported() {
    boolean first = !reported;
    reported = true;
    return first;
  }

  boolean reported() {
    return reported;
  }

  long itemsDone() {
    return itemsDone;
  }

  long millis(long nowNanos) {
    return (nowNanos - startedNanos) / 1_000_000;
  }
}
