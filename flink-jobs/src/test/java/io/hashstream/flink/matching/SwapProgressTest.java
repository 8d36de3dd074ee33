package io.hashstream.flink.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SwapProgressTest {
  private static final long MS = 1_000_000L;
  private final SwapProgress swap = new SwapProgress(200 * MS, 50 * MS);

  @Test
  void afterASliceTheSubtaskRestsForUploadsWhileTheyKeepComing() {
    swap.start("v2", 0, 100_000);
    assertThat(swap.sliceDeadline(0)).isEqualTo(200 * MS);
    swap.sliced(1_000, 200 * MS);

    assertThat(swap.sliceDeadline(201 * MS)).as("a tick queued during the slice").isEqualTo(-1);
    swap.uploadSeen();
    assertThat(swap.sliceDeadline(210 * MS)).as("uploads between the ticks: rest on").isEqualTo(-1);
    swap.uploadSeen();
    assertThat(swap.sliceDeadline(250 * MS)).as("rested the pause").isEqualTo(450 * MS);
  }

  @Test
  void anIdleSubtaskCutsItsRestShort() {
    swap.start("v2", 0, 100_000);
    swap.sliceDeadline(0);
    swap.sliced(1_000, 200 * MS);

    assertThat(swap.sliceDeadline(201 * MS)).isEqualTo(-1);
    assertThat(swap.sliceDeadline(202 * MS)).as("two ticks, no upload between them").isEqualTo(402 * MS);
  }

  @Test
  void progressIsLoggedOncePerStepAndReadinessReportedOnce() {
    swap.start("v2", 0, 100_000);
    swap.sliced(60_000, 1);
    assertThat(swap.shouldLog(100_000)).isFalse();
    swap.sliced(250_000, 2);
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
