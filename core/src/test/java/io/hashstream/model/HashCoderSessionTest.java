package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codes and logits of a loaded artifact against the plain-Java oracle and the block itself. */
class HashCoderSessionTest {
  @TempDir Path dir;

  @Test
  void codesAreTheSignsOfTheOracleLogitsForOneAndTwoWordCodes() {
    for (int bits : new int[] {16, 32, 64, 128}) {
      HashCoderWeights w = ModelFixtures.randomWeights(20, bits, bits);
      float[] x = ModelFixtures.unitRows(7, 20, 100 + bits);
      try (HashCoderSession session =
          HashCoderSession.open(ModelFixtures.artifact(w, "v" + bits))) {
        assertThat(session.codes(x, 7)).containsExactly(ModelFixtures.oracleCodes(w, x, 7));
        assertThat(session.codeLength().bits()).isEqualTo(bits);
      }
    }
  }

  /**
   * A hidden layer narrower or wider than the input (d → h → bits) runs as the oracle says, after
   * a round trip through the artifact file (format v2).
   */
  @Test
  void aNarrowOrWideHiddenLayerGivesTheOracleCodesAfterASaveAndLoad() {
    for (int h : new int[] {5, 12, 40}) {
      HashCoderWeights w = ModelFixtures.randomWeights(12, h, 64, h);
      float[] x = ModelFixtures.unitRows(6, 12, 200 + h);
      Path file = dir.resolve("h" + h + ".hsm");
      ModelFixtures.artifact(w, "h" + h).write(file);
      try (HashCoderSession session = HashCoderSession.open(file)) {
        assertThat(session.artifact().weights().hiddenWidth()).isEqualTo(h);
        assertThat(session.codes(x, 6)).containsExactly(ModelFixtures.oracleCodes(w, x, 6));
      }
    }
  }

  /** Save/load: the artifact file, loaded again, gives the trained block's logits within 1e-5. */
  @Test
  void aSavedAndLoadedModelGivesTheBlocksLogits() {
    int d = 24;
    int bits = 32;
    float[] x = ModelFixtures.unitRows(9, d, 5);
    float[] blockLogits;
    HashCoderWeights weights;
    try (NDManager manager = NDManager.newBaseManager(HashCoderSession.ENGINE)) {
      HashCoderBlock block = new HashCoderBlock(d, bits, 99);
      block.initialize(manager, DataType.FLOAT32, block.inputShape(1));
      ParameterStore store = new ParameterStore(manager, false);
      // one training-mode pass moves the running statistics away from their defaults
      block.forward(store, new NDList(manager.create(x, block.inputShape(9))), true);
      weights = HashCoderWeights.copyOf(block);
      blockLogits =
          block
              .forward(store, new NDList(manager.create(x, block.inputShape(9))), false)
              .singletonOrThrow()
              .toFloatArray();
    }
    Path file = dir.resolve("m.hsm");
    ModelFixtures.artifact(weights, "saved").write(file);
    try (HashCoderSession session = HashCoderSession.open(file)) {
      assertThat(session.logits(x, 9)).containsExactly(blockLogits, within(1e-5f));
    }
  }

  @Test
  void aRowsCodeDoesNotDependOnItsBatch() {
    HashCoderWeights w = ModelFixtures.randomWeights(16, 64, 3);
    float[] x = ModelFixtures.unitRows(4, 16, 4);
    try (HashCoderSession session = HashCoderSession.open(ModelFixtures.artifact(w, "b"))) {
      long[] all = session.codes(x, 4);
      float[] third = java.util.Arrays.copyOfRange(x, 32, 48);
      assertThat(session.codes(third, 1)).containsExactly(all[2]);
    }
  }

  @Test
  void concurrentCallersGetTheSameCodes() throws Exception {
    HashCoderWeights w = ModelFixtures.randomWeights(32, 64, 8);
    float[] x = ModelFixtures.unitRows(50, 32, 9);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (HashCoderSession session = HashCoderSession.open(ModelFixtures.artifact(w, "c"))) {
      long[] expected = session.codes(x, 50);
      List<Future<long[]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> session.codes(x, 50)));
      }
      for (Future<long[]> f : results) {
        assertThat(f.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsBadInputAndUseAfterClose() {
    HashCoderSession session =
        HashCoderSession.open(ModelFixtures.artifact(ModelFixtures.randomWeights(8, 16, 1), "x"));
    assertThatThrownBy(() -> session.codes(new float[15], 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> session.codes(new float[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
    session.close();
    session.close(); // idempotent
    assertThatThrownBy(() -> session.codes(new float[8], 1))
        .isInstanceOf(IllegalStateException.class);
  }
}
