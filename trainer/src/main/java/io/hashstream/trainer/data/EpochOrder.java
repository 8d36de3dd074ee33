package io.hashstream.trainer.data;

import java.util.Random;

/**
 * The order in which an epoch visits the rows: a fresh uniform permutation per epoch (Fisher-Yates)
 * from one {@link Random} seeded once, so the whole sequence of epochs depends only on the seed.
 * Batches are consecutive slices of it, and the last partial batch is dropped ({@code drop_last}).
 * Not thread-safe: one training loop owns it.
 */
public final class EpochOrder {
  private final Random random;
  private final int rows;

  /**
   * Creates the sequence.
   *
   * @param rows number of rows
   * @param seed the seed
   */
  public EpochOrder(int rows, long seed) {
    this.rows = rows;
    this.random = new Random(seed);
  }

  /**
   * The next epoch's order.
   *
   * @return a permutation of {@code 0..rows-1}
   */
  public int[] next() {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
