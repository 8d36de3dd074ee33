package io.hashstream.trainer.cli;

import io.hashstream.code.CodeLength;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHashIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups codes into near-duplicate clusters: two items are linked when their Hamming distance is at
 * most the radius, and a group is a connected component of those links with at least two members
 * (so a chain a–b–c is one group even if a and c are farther apart). The links come from an exact
 * {@link MultiIndexHashIndex} range search per item, so the groups are exactly what an all-pairs
 * comparison gives.
 *
 * <p>Cost: n inserts and n range searches (sublinear per query at small radii), plus a union-find
 * over n items; memory about 8 bytes per code word and 8 bytes per item for the index and the
 * union-find. Not thread-safe: build, then read.
 */
final class NearDuplicateGroups {
  private NearDuplicateGroups() {}

  /**
   * Finds the groups.
   *
   * @param length the code length
   * @param codes the codes, {@code length.words()} longs each, item {@code i} at {@code i ·
   *     words}
   * @param n number of items
   * @param radius the largest distance that links two items, at least 0
   * @return the groups of two or more item indices, each sorted ascending, ordered by their first
   *     member
   */
  static List<int[]> of(CodeLength length, long[] codes, int n, int radius) {
    HammingIndex index = new MultiIndexHashIndex(length);
    int words = length.words();
    for (int i = 0; i < n; i++) {
      index.insert(i, codes, i * words);
    }
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int self = i;
      index.rangeSearch(codes, i * words, radius, (id, distance) -> union(parent, self, (int) id));
    }
    Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byRoot.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(i);
    }
    List<int[]> groups = new ArrayList<>();
    for (List<Integer> members : byRoot.values()) {
      if (members.size() > 1) {
        groups.add(members.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    groups.sort((a, b) -> Integer.compare(a[0], b[0]));
    return groups;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
