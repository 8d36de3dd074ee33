package io.hashstream.flink.swap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.flink.model.ModelReference;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The swap's barrier: ACTIVATE once every subtask reported, each subtask counted once. */
class SwapCoordinatorHarnessTest {
  private static final SlotModel V2 = SlotModel.of(
      new ModelReference("v2", 64, "enc@1", 8, "file:///m/v2.hsm", "cd".repeat(32)));

  private static KeyedOneInputStreamOperatorTestHarness<String, SwapReady, ModelUpdate> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new SwapCoordinator()), SwapReady::version, Types.STRING);
  }

  @Test
  void activatesOnceEverySubtaskIsReadyCountingAReplayedReportOnce() throws Exception {
    try (var h = harness()) {
      h.open();
      h.setProcessingTime(5_000);
      h.processElement(new SwapReady(V2, 0, 3, 100, 10), 0);
      h.processElement(new SwapReady(V2, 0, 3, 100, 10), 0); // replayed after a restore
      h.processElement(new SwapReady(V2, 1, 3, 120, 12), 0);
      assertThat(h.extractOutputValues()).as("two of three subtasks").isEmpty();

      h.processElement(new SwapReady(V2, 2, 3, 90, 9), 0);
      assertThat(h.extractOutputValues()).singleElement().satisfies(u -> {
        assertThat(u.getStage()).isEqualTo(SwapStage.ACTIVATE);
        assertThat(u.getVersion()).isEqualTo("v2");
        assertThat(u.getArtifactSha256()).isEqualTo(V2.artifactSha256);
        assertThat(u.getCreatedAt().toEpochMilli()).isEqualTo(5_000);
      });
    }
  }

  @Test
  void reportsSurviveARestoreAndARollbackToTheSameVersionStartsANewRound() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(new SwapReady(V2, 0, 2, 100, 10), 0);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(new SwapReady(V2, 1, 2, 100, 10), 0);
      assertThat(h.extractOutputValues()).hasSize(1);

      h.processElement(new SwapReady(V2, 0, 2, 100, 10), 0);
      assertThat(h.extractOutputValues()).as("a new round: one of two").hasSize(1);
      h.processElement(new SwapReady(V2, 1, 2, 100, 10), 0);
      assertThat(h.extractOutputValues()).hasSize(2);
    }
  }
}
