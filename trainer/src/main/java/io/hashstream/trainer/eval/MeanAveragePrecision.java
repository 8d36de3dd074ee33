package io.hashstream.trainer.eval;

/**
 * mAP@k for labelled retrieval, as DeepHash-pytorch's {@code CalcTopMap} computes it ({@code
 * research/crovca.md} §4.2): for a query, {@code AP = Σ_{j≤k} P@j · rel_j / Σ_{j≤k} rel_j}, where
 * {@code rel_j} is 1 when the j-th retrieved item has the query's label; a query with no relevant
 * item in its top k has AP 0 and still counts. mAP is the mean over queries, in [0, 1] (the paper
 * reports it ×100). Stateless; cost {@code O(k)} per query.
 */
public final class MeanAveragePrecision {
  private MeanAveragePrecision() {}

  /**
   * Average precision of one ranking.
   *
   * @param ranking database indices, best first (only the first {@code k} are read)
   * @param queryLabel the query's label
   * @param databaseLabels the label of every database item
   * @param k the cut-off, at least 1
   * @return AP@k in [0, 1]
   */
  public static double averagePrecision(
      int[] ranking, int queryLabel, int[] databaseLabels, int k) {
    int relevant = 0;
    double sum = 0;
    int n = Math.min(k, ranking.length);
    for (int j = 0; j < n; j++) {
      if (databaseLabels[ranking[j]] == queryLabel) {
        relevant++;
        sum += relevant / (double) (j + 1);
      }
    }
    return relevant == 0 ? 0 : sum / relevant;
  }

  /**
   * mAP@k over queries.
   *
   * @param rankings one ranking per query
   * @param queryLabels one label per query
   * @param databaseLabels one label per database item
   * @param k the cut-off
   * @return the mean AP@k
   */
  public static double of(int[][] rankings, int[] queryLabels, int[] databaseLabels, int k) {
    double sum = 0;
    for (int q = 0; q < rankings.length; q++) {
      sum += averagePrecision(rankings[q], queryLabels[q], databaseLabels, k);
    }
    return sum / rankings.length;
  }
}
