package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.hashstream.model.HashCoderWeights.Tensor;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Architecture, initialisation and BatchNorm semantics of the HashCoder, against plain Java. */
class HashCoderBlockTest {
  static HashCoderWeights initialWeights(int d, int bits, long seed) {
    try (NDManager manager = NDManager.newBaseManager(HashCoderSession.ENGINE)) {
      HashCoderBlock block = new HashCoderBlock(d, bits, seed);
      block.initialize(manager, DataType.FLOAT32, block.inputShape(1));
      return HashCoderWeights.copyOf(block);
    }
  }

  @Test
  void initialisesLikeThePapersCode() {
    HashCoderWeights w = initialWeights(96, 32, 7);
    float[] hidden = w.get(Tensor.HIDDEN_WEIGHT);
    double sum = 0;
    double sumSq = 0;
    for (float v : hidden) {
      sum += v;
      sumSq += (double) v * v;
    }
    double mean = sum / hidden.length;
    double std = Math.sqrt(sumSq / hidden.length - mean * mean);
    assertThat(std).isCloseTo(HashCoderBlock.INIT_STD, within(0.001)); // 9216 draws: se 1.5e-4
    assertThat(mean).isCloseTo(0, within(0.001));
    assertThat(w.get(Tensor.HIDDEN_BIAS)).containsOnly(0f);
    assertThat(w.get(Tensor.OUTPUT_BIAS)).containsOnly(0f);
    assertThat(w.get(Tensor.BN_GAMMA)).containsOnly(1f);
    assertThat(w.get(Tensor.BN_BETA)).containsOnly(0f);
    assertThat(w.get(Tensor.BN_RUNNING_MEAN)).containsOnly(0f);
    assertThat(w.get(Tensor.BN_RUNNING_VAR)).containsOnly(1f);
  }

  @Test
  void initialWeightsDependOnlyOnTheSeed() {
    assertThat(initialWeights(16, 16, 3)).isEqualTo(initialWeights(16, 16, 3));
    assertThat(initialWeights(16, 16, 3)).isNotEqualTo(initialWeights(16, 16, 4));
  }

  @Test
  void inferenceForwardMatchesPlainJava() {
    int d = 12;
    int bits = 16;
    int rows = 5;
    HashCoderWeights w = ModelFixtures.randomWeights(d, bits, 11);
    float[] x = ModelFixtures.unitRows(rows, d, 12);
    double[] expected = ModelFixtures.oracleLogits(w, x, rows);
    Pass pass = Pass.of(w, x, rows, false);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) pass.logits()[i]).isCloseTo(expected[i], within(1e-5));
    }
    assertThat(pass.weightsAfter()).isEqualTo(w); // inference leaves the running stats alone
  }

  /** Training mode: batch statistics, and running = 0.9 running + 0.1 batch (unbiased variance). */
  @Test
  void trainingForwardUsesBatchStatisticsAndTorchMomentum() {
    int d = 6;
    int bits = 16;
    int rows = 8;
    HashCoderWeights w = ModelFixtures.randomWeights(d, bits, 21);
    float[] x = ModelFixtures.unitRows(rows, d, 22);
    // pre-BatchNorm activations: the oracle with an identity BatchNorm
    double[] pre = ModelFixtures.oracleLogits(identityBatchNorm(w), x, rows);
    Pass pass = Pass.of(w, x, rows, true);
    float[] logits = pass.logits();
    HashCoderWeights after = pass.weightsAfter();
    float[] gamma = w.get(Tensor.BN_GAMMA);
    float[] beta = w.get(Tensor.BN_BETA);
    for (int k = 0; k < bits; k++) {
      double mean = 0;
      for (int r = 0; r < rows; r++) {
        mean += pre[r * bits + k] / rows;
      }
      double ss = 0;
      for (int r = 0; r < rows; r++) {
        ss += Math.pow(pre[r * bits + k] - mean, 2);
      }
      double biased = ss / rows;
      for (int r = 0; r < rows; r++) {
        double expected =
            (pre[r * bits + k] - mean)
                    / Math.sqrt(biased + HashCoderBlock.BATCH_NORM_EPSILON)
                    * gamma[k]
                + beta[k];
        assertThat((double) logits[r * bits + k]).isCloseTo(expected, within(1e-4));
      }
      double oldMean = w.get(Tensor.BN_RUNNING_MEAN)[k];
      double oldVar = w.get(Tensor.BN_RUNNING_VAR)[k];
      assertThat((double) after.get(Tensor.BN_RUNNING_MEAN)[k])
          .isCloseTo(0.9 * oldMean + 0.1 * mean, within(1e-5));
      assertThat((double) after.get(Tensor.BN_RUNNING_VAR)[k])
          .isCloseTo(0.9 * oldVar + 0.1 * ss / (rows - 1), within(1e-5));
    }
  }

  /** One forward pass of a block holding {@code w}, and its weights afterwards. */
  record Pass(float[] logits, HashCoderWeights weightsAfter) {
    static Pass of(HashCoderWeights w, float[] x, int rows, boolean training) {
      try (NDManager manager = NDManager.newBaseManager(HashCoderSession.ENGINE)) {
        HashCoderBlock block = new HashCoderBlock(w.embeddingSize(), w.bits(), 0);
        block.initialize(manager, DataType.FLOAT32, block.inputShape(1));
        w.copyInto(block);
        NDArray out =
            block
                .forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.create(x, block.inputShape(rows))),
                    training)
                .singletonOrThrow();
        return new Pass(out.toFloatArray(), HashCoderWeights.copyOf(block));
      }
    }
  }

  private static HashCoderWeights identityBatchNorm(HashCoderWeights w) {
    Map<Tensor, float[]> t = new EnumMap<>(Tensor.class);
    for (Tensor tensor : Tensor.values()) {
      t.put(tensor, w.get(tensor));
    }
    int bits = w.bits();
    float[] ones = new float[bits];
    Arrays.fill(ones, 1f);
    float[] varForUnitScale = new float[bits];
    Arrays.fill(varForUnitScale, 1f - HashCoderBlock.BATCH_NORM_EPSILON);
    t.put(Tensor.BN_GAMMA, ones);
    t.put(Tensor.BN_BETA, new float[bits]);
    t.put(Tensor.BN_RUNNING_MEAN, new float[bits]);
    t.put(Tensor.BN_RUNNING_VAR, varForUnitScale);
    return HashCoderWeights.of(w.embeddingSize(), bits, t);
  }
}
