package io.hashstream.flink.matching;

import io.hashstream.pdq.PdqHits;
import io.hashstream.index.result.Matches;
import java.util.ArrayList;
import java.util.List;

/**
 * An earlier item one of the two signals found: its CroVCA distance when the code index found it
 * (else -1: the caller measures it), and its PDQ match when the PDQ index found it (else null).
 *
 * @param itemId the item
 * @param codeDistance the CroVCA distance, or -1 when the code index did not find it
 * @param pdq the PDQ match, or null when the PDQ index did not find it
 */
record FusedMatch(long itemId, int codeDistance, PdqHits.Hit pdq) {

  /**
   * Each item either index found, once: the code index's matches nearest first, then the items
   * only PDQ found, nearest first.
   */
  static List<FusedMatch> union(Matches byCode, PdqHits byPdq) {
    List<FusedMatch> out = new ArrayList<>(byCode.size() + byPdq.size());
    for (int i = 0; i < byCode.size(); i++) {
      long id = byCode.id(i);
      out.add(new FusedMatch(id, byCode.distance(i), byPdq.find(id)));
    }
    for (int i = 0; i < byPdq.size(); i++) {
      PdqHits.Hit hit = byPdq.get(i);
      if (!contains(byCode, hit.itemId())) {
        out.add(new FusedMatch(hit.itemId(), -1, hit));
      }
    }
    return out;
  }

  private static boolean contains(Matches matches, long id) {
    for (int i = 0; i < matches.size(); i++) {
      if (matches.id(i) == id) {
        return true;
      }
    }
    return false;
  }
}
