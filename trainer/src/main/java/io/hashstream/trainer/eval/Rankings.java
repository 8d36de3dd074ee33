package io.hashstream.trainer.eval;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import java.util.Arrays;

/**
 * Database rankings for a query, best first, ties broken by database index (the symmetric-Hamming
 * protocol of {@code research/crovca.md} §4.2), optionally leaving one index out (leave-one-out
 * retrieval where the query is also in the database). Stateless.
 */
public final class Rankings {
  private Rankings() {}

  /**
   * Ranks by Hamming distance (a counting sort over distances; cost {@code O(n)}).
   *
   * @param length the code length
   * @param database {@code n} codes, packed
   * @param n number of database codes
   * @param query the query's code array
   * @param queryOffset where the query's code starts
   * @param exclude a database index to leave out, or -1
   * @param k how many to return at most
   * @return up to {@code k} database indices
   */
  public static int[] byHamming(
      CodeLength length, long[] database, int n, long[] query, int queryOffset, int exclude, int k) {
    int words = length.words();
    int bits = length.bits();
    int[] distance = new int[n];
    int[] count = new int[bits + 2];
    for (int i = 0; i < n; i++) {
      distance[i] = Hamming.distance(length, query, queryOffset, database, i * words);
      if (i != exclude) {
        count[distance[i] + 1]++;
      }
    }
    for (int d = 1; d < count.length; d++) {
      count[d] += count[d - 1];
    }
    int total = count[bits + 1];
    int[] sorted = new int[total];
    for (int i = 0; i < n; i++) {
      if (i != exclude) {
        sorted[count[distance[i]]++] = i;
      }
    }
    return Arrays.copyOf(sorted, Math.min(k, total));
  }

  /**
   * Ranks by dot product, largest first (cosine similarity for unit rows; cost {@code O(n d + n
   * log n)}).
   *
   * @param database rows
   * @param query the query row
   * @param exclude a database index to leave out, or -1
   * @param k how many to return at most
   * @return up to {@code k} database indices
   */
  public static int[] byCosine(float[][] database, float[] query, int exclude, int k) {
    int n = database.length;
    Integer[] order = new Integer[exclude >= 0 && exclude < n ? n - 1 : n];
    double[] score = new double[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      score[i] = dot(database[i], query);
      if (i != exclude) {
        order[at++] = i;
      }
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(score[b], score[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int m = Math.min(k, order.length);
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /** The dot product of two vectors of equal length (cosine similarity for unit vectors). */
  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
