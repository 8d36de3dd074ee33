package io.hashstream.flink.swap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SwapProgressTest {
  private static final long MS = 1_000_000L;
  private final SwapProgress swap = new SwapProgress(200 * MS, 50 * MS);

  /** A slice from {@code atMs} to {@code atMs + 200} (nanos and wall millis share the origin here). */
  private void sliceAt(long atMs) {
    assertThat(swap.sliceDeadline(atMs * MS, atMs)).isEqualTo((atMs + 200) * MS);
    swap.sliced(1_000, (atMs + 200) * MS, atMs + 200);
  }

  @Test
  void ticksMadeDuringASliceAreSkippedSoTheyNeverPileUp() {
    swap.start("v2", 0, 100_000);
    sliceAt(0);
    assertThat(swap.sliceDeadline(201 * MS, 150)).as("made during the slice").isEqualTo(-1);
    assertThat(swap.sliceDeadline(202 * MS, 199)).isEqualTo(-1);
  }

  @Test
  void whileUploadsComeTheSubtaskRestsThePauseBetweenSlices() {
    swap.start("v2", 0, 100_000);
    sliceAt(0);
    swap.uploadSeen();
    assertThat(swap.sliceDeadline(230 * MS, 225)).as("fresh, but uploads are waiting").isEqualTo(-1);
    swap.uploadSeen();
    assertThat(swap.sliceDeadline(250 * MS, 250)).as("rested the pause").isEqualTo(450 * MS);
  }

  @Test
  void anIdleSubtaskTakesTheNextSliceOnTheFirstFreshTick() {
    swap.start("v2", 0, 100_000);
    sliceAt(0);
    assertThat(swap.sliceDeadline(210 * MS, 205)).as("no upload since the slice").isEqualTo(410 * MS);
  }

  @Test
  void progressIsLoggedOncePerStepAndReadinessReportedOnce() {
    swap.start("v2", 0, 100_000);
    swap.sliced(60_000, 1, 1);
    assertThat(swap.shouldLog(100_000)).isFalse();
    swap.sliced(250_000, 2, 2);
    assertThat(swap.shouldLog(100_000)).isTrue();
    assertThat(swap.shouldLog(100_000)).isFalse();
    assertThat(swap.itemsDone()).isEqualTo(310_000);
    assertThat(swap.markReported()).isTrue();
    assertThat(swap.markReported()).isFalse();
    assertThat(swap.tracks("v2")).isTrue();
    swap.stop();
    assertThat(swap.tracks("v2")).isFalse();
  }
}
