package io.hashstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.hashstream.model.HashCoderSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression test for the use-after-free described in {@link Scalars}: garbage collection between
 * the forward and the backward pass (with freed native memory reused and overwritten) must not
 * change the gradients. Best effort by nature (the JVM frees direct buffers when it likes), but it
 * failed in 5 of 5 runs against the loss code before the fix. About half a second.
 */
class GarbageCollectionTest {
  @Test
  void gradientsDoNotDependOnWhenTheGarbageCollectorRuns() {
    float[][] quiet = gradients(false);
    float[][] collected = gradients(true);
    assertThat(collected[0]).containsExactly(quiet[0]);
    assertThat(collected[1]).containsExactly(quiet[1]);
  }

  static float[][] gradients(boolean collectBetweenForwardAndBackward) {
    int rows = 32;
    int bits = 16;
    try (NDManager manager = LossFixtures.manager()) {
      NDArray a = LossFixtures.float32(manager, LossFixtures.logits(rows * bits, 1), rows, bits);
      NDArray b = LossFixtures.float32(manager, LossFixtures.logits(rows * bits, 2), rows, bits);
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector collector =
          Engine.getEngine(HashCoderSession.ENGINE).newGradientCollector()) {
        NDArray total = CrovcaLoss.paper().unsupervised(List.of(a, b)).total();
        if (collectBetweenForwardAndBackward) {
          churnNativeMemory();
        }
        collector.backward(total);
      }
      return new float[][] {a.getGradient().toFloatArray(), b.getGradient().toFloatArray()};
    }
  }

  /** Drops direct buffers, collects, and fills fresh small direct buffers with garbage. */
  private static void churnNativeMemory() {
    List<ByteBuffer> keep = new ArrayList<>();
    for (int round = 0; round < 8; round++) {
      for (int i = 0; i < 2000; i++) {
        ByteBuffer.allocateDirect(8);
      }
      System.gc();
      for (int i = 0; i < 200; i++) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        buffer.putLong(0, 0x7ff4_0000_dead_beefL);
        keep.add(buffer);
      }
    }
  }
}
