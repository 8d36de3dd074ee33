package io.hashstream.pdq;

import io.hashstream.index.HammingIndex;
import io.hashstream.index.result.Matches;
import java.util.Arrays;

/**
 * The items a PDQ query found, each once with its smallest distance over the query's variants (its
 * eight rotations/flips, {@link PdqDihedral} order, or only the original) and the variant that gave
 * it. Collects every (item, distance, variant) offered, then compacts on first read: a query sees
 * few matches, so appending beats a hash map per query.
 */
public final class PdqHits {
  /** Longs per PDQ hash. */
  public static final int WORDS = PdqHash.CODE_LENGTH.words();

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

  /**
   * Searches {@code index} (256-bit codes) with each of the query's variants.
   *
   * @param variants the query's hashes, {@link #WORDS} longs each, one after another
   * @param radius the largest distance reported
   * @return each item found once, with its best distance and variant
   */
  public static PdqHits search(HammingIndex index, long[] variants, int radius) {
    PdqHits hits = new PdqHits();
    Matches matches = new Matches();
    for (int v = 0; v * WORDS < variants.length; v++) {
      matches.clear();
      index.rangeSearch(variants, v * WORDS, radius, matches);
      for (int i = 0; i < matches.size(); i++) {
        hits.offer(matches.id(i), matches.distance(i), v);
      }
    }
    return hits;
  }

  /**
   * The smallest distance between {@code hash} (one hash at {@code offset}) and any of the query's
   * variants, with the variant's index.
   *
   * @param variants the query's hashes, {@link #WORDS} longs each
   * @return the best match ({@code itemId} is the caller's)
   */
  public static Hit nearest(long itemId, long[] hash, int offset, long[] variants) {
    int best = Integer.MAX_VALUE;
    int bestVariant = -1;
    for (int v = 0; v * WORDS < variants.length; v++) {
      int d = 0;
      for (int w = 0; w < WORDS; w++) {
        d += Long.bitCount(hash[offset + w] ^ variants[v * WORDS + w]);
      }
      if (d < best) {
        best = d;
        bestVariant = v;
      }
    }
    return new Hit(itemId, best, bestVariant);
  }

  /** Records one (item, distance, variant) a variant's search found. */
  public void offer(long itemId, int distance, int variant) {
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
