package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashCoderWeightsReorderTest {
  private static final int D = 12;
  private static final int BITS = 16;

  @Test
  void everyBitOfTheReorderedModelIsTheNamedBitOfTheOriginal() {
    HashCoderWeights w = ModelFixtures.randomWeights(D, BITS, 5);
    int[] order = {3, 0, 15, 1, 2, 14, 4, 5, 13, 6, 7, 12, 8, 9, 11, 10};
    HashCoderWeights reordered = w.withOutputsReordered(order);
    float[] x = ModelFixtures.unitRows(20, D, 9);

    double[] before = ModelFixtures.oracleLogits(w, x, 20);
    double[] after = ModelFixtures.oracleLogits(reordered, x, 20);
    for (int r = 0; r < 20; r++) {
      for (int b = 0; b < BITS; b++) {
        assertThat(after[r * BITS + b]).isEqualTo(before[r * BITS + order[b]]);
      }
    }
    assertThat(reordered.get(HashCoderWeights.Tensor.HIDDEN_WEIGHT))
        .isEqualTo(w.get(HashCoderWeights.Tensor.HIDDEN_WEIGHT));
  }

  @Test
  void anOrderThatIsNotAPermutationIsRefused() {
    HashCoderWeights w = ModelFixtures.randomWeights(D, 4, 5);
    assertThatThrownBy(() -> w.withOutputsReordered(new int[] {0, 1, 1, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a permutation");
    assertThatThrownBy(() -> w.withOutputsReordered(new int[] {0, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 entries");
  }
}
