package io.hashstream.flink.state;

import java.util.Arrays;

/**
 * The items a PDQ query found, each once with its smallest distance over the query's variants and
 * the variant that gave it. Collects every (item, distance, variant) offered, then compacts on
 * first read: a query sees few matches, so appending beats a hash map per query.
 */
public final class PdqHits {
  /**
   * One item's best PDQ match.
   *
   * @param itemId the item
   * @param distance its smallest distance, of 256 bits
   * @param variant the index of the query variant ({@code PdqDihedral} order) that gave it
   */
  public record Hit(long itemId, int distance, int variant) {}

  private long[] ids = new long[8];
  private int[] distances = new int[8];
  private int[] variants = new int[8];
  private int size;
  private boolean compacted = true;

  void offer(long itemId, int distance, int variant) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
      distances = Arrays.copyOf(distances, size * 2);
      variants = Arrays.copyOf(variants, size * 2);
    }
    ids[size] = itemId;
    distances[size] = distance;
    variants[size] = variant;
    size++;
    compacted = false;
  }

  /** Distinct items found. */
  public int size() {
    compact();
    return size;
  }

  /** The {@code i}-th item's best match, nearest first. */
  public Hit get(int i) {
    compact();
    return new Hit(ids[i], distances[i], variants[i]);
  }

  /** The best match of {@code itemId}, or null if it was not found. */
  public Hit find(long itemId) {
    compact();
    for (int i = 0; i < size; i++) {
      if (ids[i] == itemId) {
        return get(i);
      }
    }
    return null;
  }

  /** One entry per item (its smallest distance, then its first variant), sorted by distance. */
  private void compact() {
    if (compacted) {
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> ids[a] != ids[b] ? Long.compare(ids[a], ids[b])
        : distances[a] != distances[b] ? Integer.compare(distances[a], distances[b])
        : Integer.compare(variants[a], variants[b]));
    long[] keptIds = new long[size];
    int[] keptDistances = new int[size];
    int[] keptVariants = new int[size];
    int n = 0;
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (n > 0 && keptIds[n - 1] == ids[i]) {
        continue; // a worse variant of an item already kept
      }
      keptIds[n] = ids[i];
      keptDistances[n] = distances[i];
      keptVariants[n] = variants[i];
      n++;
    }
    Integer[] byDistance = new Integer[n];
    for (int i = 0; i < n; i++) {
      byDistance[i] = i;
    }
    Arrays.sort(byDistance, (a, b) -> keptDistances[a] != keptDistances[b]
        ? Integer.compare(keptDistances[a], keptDistances[b]) : Long.compare(keptIds[a], keptIds[b]));
    for (int i = 0; i < n; i++) {
      ids[i] = keptIds[byDistance[i]];
      distances[i] = keptDistances[byDistance[i]];
      variants[i] = keptVariants[byDistance[i]];
    }
    size = n;
    compacted = true;
  }
}
