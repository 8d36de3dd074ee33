package io.hashstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanAveragePrecisionTest {
  // database labels:       0  1  2  3  4  5
  private static final int[] DB = {7, 3, 7, 3, 7, 5};

  @Test
  void averagePrecisionByHand() {
    // ranking 0,1,2,3 for label 7: relevant at ranks 1 and 3 -> (1/1 + 2/3) / 2
    assertThat(MeanAveragePrecision.averagePrecision(new int[] {0, 1, 2, 3}, 7, DB, 4))
        .isCloseTo((1.0 + 2.0 / 3.0) / 2, within(1e-12));
    // the cut-off hides the third relevant item: k = 2 -> only rank 1 counts
    assertThat(MeanAveragePrecision.averagePrecision(new int[] {0, 1, 2, 4}, 7, DB, 2))
        .isCloseTo(1.0, within(1e-12));
    // nothing relevant in the top k: AP 0
    assertThat(MeanAveragePrecision.averagePrecision(new int[] {1, 3, 0}, 7, DB, 2)).isZero();
  }

  @Test
  void meanOverQueriesCountsQueriesWithoutHits() {
    int[][] rankings = {{0, 1, 2, 3}, {1, 3, 0}, {5, 0}};
    int[] labels = {7, 7, 3};
    // query 0: 5/6; query 1 (k=2): 0; query 2 (k=2): label 3 absent -> 0
    assertThat(MeanAveragePrecision.of(rankings, labels, DB, 2))
        .isCloseTo((1.0 + 0 + 0) / 3, within(1e-12));
    assertThat(MeanAveragePrecision.of(rankings, labels, DB, 4))
        .isCloseTo(((1.0 + 2.0 / 3.0) / 2 + 1.0 / 3.0 + 0) / 3, within(1e-12));
  }
}
