package io.hashstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import org.junit.jupiter.api.Test;

class RankingsTest {

  @Test
  void hammingRankingSortsByDistanceThenIndexAndLeavesOneOut() {
    long[] db = {0b0000, 0b0011, 0b0001, 0b1111, 0b0001};
    int[] ranking = Rankings.byHamming(CodeLength.BITS_16, db, 5, new long[] {0b0000}, 0, 0, 10);
    assertThat(ranking).containsExactly(2, 4, 1, 3);
    assertThat(Rankings.byHamming(CodeLength.BITS_16, db, 5, new long[] {0}, 0, -1, 2))
        .containsExactly(0, 2);
  }

  @Test
  void cosineRankingSortsBySimilarityThenIndex() {
    float[][] db = {{1, 0}, {0, 1}, {0.6f, 0.8f}, {1, 0}};
    assertThat(Rankings.byCosine(db, new float[] {1, 0}, -1, 4)).containsExactly(0, 3, 2, 1);
    assertThat(Rankings.byCosine(db, new float[] {1, 0}, 0, 2)).containsExactly(3, 2);
  }
}
