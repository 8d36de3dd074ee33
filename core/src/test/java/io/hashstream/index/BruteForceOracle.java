package io.hashstream.index;

import io.hashstream.index.result.Matches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The reference every index is checked against: a list of (id, code) pairs and a plain loop of
 * {@link Long#bitCount}. It shares no code with the index (not even {@code Hamming}), so a bug in
 * one cannot hide in the other.
 */
public final class BruteForceOracle {
  /** One expected match. */
  public record Hit(long id, int distance) {
    @Override
    public String toString() {
      return id + "@" + distance;
    }
  }

  private static final Comparator<Hit> ORDER =
      Comparator.comparingInt(Hit::distance).thenComparingLong(Hit::id);

  private final int words;
  private final List<long[]> codes = new ArrayList<>();
  private final List<Long> ids = new ArrayList<>();

  /** Creates an empty oracle for codes of {@code words} words. */
  public BruteForceOracle(int words) {
    this.words = words;
  }

  /** Adds an item. */
  public void insert(long id, long[] code, int offset) {
    codes.add(Arrays.copyOfRange(code, offset, offset + words));
    ids.add(id);
  }

  /** Removes one copy of (id, code); returns whether there was one. */
  public boolean remove(long id, long[] code, int offset) {
    long[] wanted = Arrays.copyOfRange(code, offset, offset + words);
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) == id && Arrays.equals(codes.get(i), wanted)) {
        ids.remove(i);
        codes.remove(i);
        return true;
      }
    }
    return false;
  }

  /** Returns the number of items. */
  public int size() {
    return ids.size();
  }

  /** Returns the distance of every item to the query, in insertion order. */
  public int[] distances(long[] query, int offset) {
    int[] distances = new int[ids.size()];
    for (int i = 0; i < distances.length; i++) {
      long[] code = codes.get(i);
      int d = 0;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(code[w] ^ query[offset + w]);
      }
      distances[i] = d;
    }
    return distances;
  }

  /** Returns every item within {@code radius}, sorted by distance then id. */
  public List<Hit> range(long[] query, int offset, int radius) {
    return range(distances(query, offset), radius);
  }

  /** Returns every item whose precomputed distance is within {@code radius}, sorted. */
  public List<Hit> range(int[] distances, int radius) {
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < distances.length; i++) {
      if (distances[i] <= radius) {
        hits.add(new Hit(ids.get(i), distances[i]));
      }
    }
    hits.sort(ORDER);
    return hits;
  }

  /** Returns the {@code k} nearest items, sorted by distance then id. */
  public List<Hit> nearest(long[] query, int offset, int k) {
    List<Hit> all = range(query, offset, Integer.MAX_VALUE);
    return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
  }

  /** Returns every item as a sorted list of "id:code words" strings, for set comparisons. */
  public List<String> items() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      items.add(ids.get(i) + ":" + Arrays.toString(codes.get(i)));
    }
    items.sort(null);
    return items;
  }

  /** Converts an index's matches into the oracle's form: a list sorted by distance then id. */
  public static List<Hit> hits(Matches matches) {
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < matches.size(); i++) {
      hits.add(new Hit(matches.id(i), matches.distance(i)));
    }
    hits.sort(ORDER);
    return hits;
  }

  /** Returns an index's items in the form of {@link #items()}. */
  public static List<String> items(HammingIndex index) {
    List<String> items = new ArrayList<>();
    int words = index.codeLength().words();
    index.forEach(
        (id, code, offset) ->
            items.add(id + ":" + Arrays.toString(Arrays.copyOfRange(code, offset, offset + words))));
    items.sort(null);
    return items;
  }
}
