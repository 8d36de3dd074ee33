package io.hashstream.index.result;

/**
 * The {@code k} best matches seen so far, best meaning smallest distance, ties broken by smaller
 * item id; a bounded max-heap over two primitive arrays.
 *
 * <p>{@link #match} is O(log k) and never allocates once the arrays have reached {@code k}. Index
 * implementations use {@link #worstDistance()} to stop searching early. Not synchronised: one
 * thread at a time.
 */
public final class NearestMatches implements MatchSink {
  private long[] ids = new long[16];
  private int[] distances = new int[16];
  private int k;
  private int size;

  /** Empties the heap and sets how many matches it keeps; allocates only if {@code k} grew. */
  public void reset(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    if (ids.length < k) {
      ids = new long[k];
      distances = new int[k];
    }
    this.k = k;
    this.size = 0;
  }

  /** Returns the number of matches held (at most {@code k}). */
  public int size() {
    return size;
  }

  /** Returns whether {@code k} matches are held. */
  public boolean isFull() {
    return size == k;
  }

  /**
   * Returns the largest distance a new match may have and still enter: the worst held distance
   * once full (an equal distance enters only with a smaller id), {@link Integer#MAX_VALUE} before.
   */
  public int worstDistance() {
    return size == k ? distances[0] : Integer.MAX_VALUE;
  }

  /** Offers a match; it is kept if fewer than {@code k} are held or it beats the worst one. */
  @Override
  public void match(long itemId, int distance) {
    if (size < k) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(distance, itemId, distances[parent], ids[parent])) {
          break;
        }
        ids[i] = ids[parent];
        distances[i] = distances[parent];
        i = parent;
      }
      ids[i] = itemId;
      distances[i] = distance;
    } else if (worse(distances[0], ids[0], distance, itemId)) {
      siftDown(itemId, distance);
    }
  }

  /** Writes the held matches to {@code out} (cleared first), best first, and empties the heap. */
  public void drainTo(Matches out) {
    out.clear();
    for (int i = 0; i < size; i++) {
      out.match(ids[i], distances[i]);
    }
    out.sort();
    size = 0;
  }

  private void siftDown(long itemId, int distance) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size
          && worse(distances[child + 1], ids[child + 1], distances[child], ids[child])) {
        child++;
      }
      if (!worse(distances[child], ids[child], distance, itemId)) {
        break;
      }
      ids[i] = ids[child];
      distances[i] = distances[child];
      i = child;
    }
    ids[i] = itemId;
    distances[i] = distance;
  }

  private static boolean worse(int d1, long id1, int d2, long id2) {
    return d1 > d2 || (d1 == d2 && id1 > id2);
  }
}
