package io.hashstream.trainer.cli;

import io.hashstream.code.CodeLength;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHashIndex;
import io.hashstream.pdq.PdqDihedral;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups images into near-duplicate clusters: two items are linked when either signal links them,
 * as in the streaming job (their learned codes within the radius, or the PDQ hash of one within the
 * PDQ radius of any rotation/flip of the other's, both of useful quality), and a group is a
 * connected component of those links with at least two members (so a chain a–b–c is one group even
 * if a and c are farther apart). The links come from exact {@link MultiIndexHashIndex} range
 * searches, so the groups are exactly what an all-pairs comparison gives.
 *
 * <p>Cost per signal: n inserts and n range searches (eight for PDQ), plus a union-find over n
 * items. Not thread-safe: link, then read.
 */
final class NearDuplicateGroups {
  private final int[] parent;

  /** @param n the number of items, indexed 0..n-1 */
  NearDuplicateGroups(int n) {
    parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
  }

  /**
   * The groups of codes alone (one signal).
   *
   * @param length the code length
   * @param codes the codes, {@code length.words()} longs each, item {@code i} at {@code i · words}
   * @param n number of items
   * @param radius the largest distance that links two items, at least 0
   * @return see {@link #groups()}
   */
  static List<int[]> of(CodeLength length, long[] codes, int n, int radius) {
    NearDuplicateGroups groups = new NearDuplicateGroups(n);
    groups.linkCodes(length, codes, radius);
    return groups.groups();
  }

  /** Links every two items whose codes are within {@code radius}. */
  void linkCodes(CodeLength length, long[] codes, int radius) {
    HammingIndex index = new MultiIndexHashIndex(length);
    int words = length.words();
    for (int i = 0; i < parent.length; i++) {
      index.insert(i, codes, i * words);
    }
    for (int i = 0; i < parent.length; i++) {
      int self = i;
      index.rangeSearch(codes, i * words, radius, (id, distance) -> union(self, (int) id));
    }
  }

  /**
   * Links every two items whose PDQ hashes are within {@code radius}, one's original against any
   * of the other's eight variants; hashes below {@code minQuality} link nothing.
   */
  void linkPdq(PdqDihedralHashes[] pdq, int radius, int minQuality) {
    HammingIndex index = new MultiIndexHashIndex(PdqHash.CODE_LENGTH);
    int words = PdqHash.CODE_LENGTH.words();
    for (int i = 0; i < pdq.length; i++) {
      if (pdq[i].quality() >= minQuality) {
        index.insert(i, pdq[i].original().code(), 0);
      }
    }
    long[] query = new long[words];
    for (int i = 0; i < pdq.length; i++) {
      if (pdq[i].quality() < minQuality) {
        continue;
      }
      int self = i;
      for (PdqDihedral variant : PdqDihedral.values()) {
        pdq[i].copyTo(variant, query, 0);
        index.rangeSearch(query, 0, radius, (id, distance) -> union(self, (int) id));
      }
    }
  }

  /**
   * The groups of two or more item indices, each sorted ascending, ordered by their first member.
   */
  List<int[]> groups() {
    Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
    for (int i = 0; i < parent.length; i++) {
      byRoot.computeIfAbsent(find(i), r -> new ArrayList<>()).add(i);
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

  private int find(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
