package io.hashstream.index.result;

import java.util.Arrays;

/**
 * A reusable, growable list of matches ({@code (itemId, distance)} pairs) held in two primitive
 * arrays.
 *
 * <p>{@link #match} appends in amortised O(1) and allocates only when the arrays grow; {@link
 * #clear} keeps them, so a list reused across queries stops allocating once it has reached the
 * largest result size. {@link #sort} orders by distance, then id, in O(size log size). Not
 * synchronised: one thread at a time.
 */
public final class Matches implements MatchSink {
  private long[] ids;
  private int[] distances;
  private int size;
  private long[] sortScratch = new long[0];

  /** Creates an empty list. */
  public Matches() {
    this(16);
  }

  /** Creates an empty list with room for {@code capacity} matches. */
  public Matches(int capacity) {
    ids = new long[Math.max(capacity, 1)];
    distances = new int[ids.length];
  }

  @Override
  public void match(long itemId, int distance) {
    if (size == ids.length) {
      int grown = size + (size >> 1) + 1;
      ids = Arrays.copyOf(ids, grown);
      distances = Arrays.copyOf(distances, grown);
    }
    ids[size] = itemId;
    distances[size] = distance;
    size++;
  }

  /** Removes every match, keeping the arrays. */
  public void clear() {
    size = 0;
  }

  /** Returns the number of matches. */
  public int size() {
    return size;
  }

  /** Returns the item id of match {@code i}. */
  public long id(int i) {
    checkIndex(i);
    return ids[i];
  }

  /** Returns the distance of match {@code i}. */
  public int distance(int i) {
    checkIndex(i);
    return distances[i];
  }

  /** Returns a copy of the item ids, in the list's order. */
  public long[] idsCopy() {
    return Arrays.copyOf(ids, size);
  }

  /** Sorts the matches by distance, then by item id (both ascending). */
  public void sort() {
    int maxDistance = 0;
    for (int i = 0; i < size; i++) {
      maxDistance = Math.max(maxDistance, distances[i]);
    }
    int[] starts = new int[maxDistance + 2];
    for (int i = 0; i < size; i++) {
      starts[distances[i] + 1]++;
    }
    for (int d = 0; d <= maxDistance; d++) {
      starts[d + 1] += starts[d];
    }
    if (sortScratch.length < size) {
      sortScratch = new long[ids.length];
    }
    int[] cursor = Arrays.copyOf(starts, maxDistance + 1);
    for (int i = 0; i < size; i++) {
      sortScratch[cursor[distances[i]]++] = ids[i];
    }
    for (int d = 0; d <= maxDistance; d++) {
      Arrays.sort(sortScratch, starts[d], starts[d + 1]);
      Arrays.fill(distances, starts[d], starts[d + 1], d);
    }
    System.arraycopy(sortScratch, 0, ids, 0, size);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("match " + i + " of " + size);
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Matches[");
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : ", ").append(ids[i]).append('@').append(distances[i]);
    }
    return out.append(']').toString();
  }
}
