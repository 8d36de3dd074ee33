package io.hashstream.trainer.eval;

import io.hashstream.image.CopyTransform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Copy-detection scores of one method. Queries are edited copies ({@link CopyTransform}) of
 * database originals; every (query, other database item) pair is a non-matching pair. The report
 * gives the operating point at a false-match-rate budget ({@link FalseMatchOperatingPoint}), the
 * recall per transform family at it, and top-1 accuracy per family (the source is strictly nearer
 * than every other database item; a tie counts as a miss). Stateless.
 */
public final class CopyDetection {
  private CopyDetection() {}

  /** The distance of a (query, database item) pair; smaller is more similar. */
  @FunctionalInterface
  public interface PairDistance {
    /**
     * The distance.
     *
     * @param query the query index
     * @param item the database index
     * @return the distance
     */
    double distance(int query, int item);
  }

  /**
   * The scores.
   *
   * @param operatingPoint the threshold and its measured false-match rate
   * @param recallByFamily recall at the threshold, per family
   * @param recallByTransform recall at the threshold, per transform
   * @param top1ByFamily top-1 accuracy, per family
   * @param recall recall over all queries
   * @param top1 top-1 accuracy over all queries
   */
  public record Result(
      FalseMatchOperatingPoint operatingPoint,
      Map<CopyTransform.Family, Double> recallByFamily,
      Map<CopyTransform, Double> recallByTransform,
      Map<CopyTransform.Family, Double> top1ByFamily,
      double recall,
      double top1) {}

  /**
   * The distance of a method that indexes each database item as its whole image plus {@code
   * regionsPerItem} regions of it (regions of item {@code i} are rows {@code i · regionsPerItem} to
   * {@code (i + 1) · regionsPerItem − 1}): a query matches the item when any of them is within the
   * threshold, so the item's distance is the nearest. Cost: {@code 1 + regionsPerItem} distances.
   *
   * @param whole the distance to the whole image
   * @param region the distance of a query to a region row
   * @param regionsPerItem regions per item
   * @return the combined distance
   */
  public static PairDistance nearestOfRegions(PairDistance whole, PairDistance region, int regionsPerItem) {
    return (query, item) -> {
      double best = whole.distance(query, item);
      for (int r = item * regionsPerItem; r < (item + 1) * regionsPerItem; r++) {
        best = Math.min(best, region.distance(query, r));
      }
      return best;
    };
  }

  /**
   * Scores a method. Cost: one distance per (query, database item).
   *
   * @param transforms the transform of each query
   * @param sources the database index of each query's original
   * @param databaseSize the number of database items
   * @param distance the method's distance
   * @param maxFmr the false-match budget, e.g. 1e-4
   * @return the scores
   */
  public static Result evaluate(
      List<CopyTransform> transforms,
      int[] sources,
      int databaseSize,
      PairDistance distance,
      double maxFmr) {
    int queries = transforms.size();
    double[] positives = new double[queries];
    double[] negatives = new double[queries * (databaseSize - 1)];
    boolean[] top1 = new boolean[queries];
    int at = 0;
    for (int q = 0; q < queries; q++) {
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < databaseSize; i++) {
        double d = distance.distance(q, i);
        if (i == sources[q]) {
          positives[q] = d;
        } else {
          negatives[at++] = d;
          best = Math.min(best, d);
        }
      }
      top1[q] = positives[q] < best;
    }
    FalseMatchOperatingPoint point = FalseMatchOperatingPoint.of(negatives, maxFmr);
    Map<CopyTransform.Family, List<Integer>> byFamily = new EnumMap<>(CopyTransform.Family.class);
    for (int q = 0; q < queries; q++) {
      byFamily.computeIfAbsent(transforms.get(q).family(), f -> new ArrayList<>()).add(q);
    }
    Map<CopyTransform.Family, Double> recall = new EnumMap<>(CopyTransform.Family.class);
    Map<CopyTransform.Family, Double> top1Rate = new EnumMap<>(CopyTransform.Family.class);
    for (Map.Entry<CopyTransform.Family, List<Integer>> e : byFamily.entrySet()) {
      int hits = 0;
      int firsts = 0;
      for (int q : e.getValue()) {
        hits += point.matches(positives[q]) ? 1 : 0;
        firsts += top1[q] ? 1 : 0;
      }
      recall.put(e.getKey(), hits / (double) e.getValue().size());
      top1Rate.put(e.getKey(), firsts / (double) e.getValue().size());
    }
    Map<CopyTransform, int[]> byTransform = new EnumMap<>(CopyTransform.class);
    for (int q = 0; q < queries; q++) {
      int[] hitsAndCount = byTransform.computeIfAbsent(transforms.get(q), t -> new int[2]);
      hitsAndCount[0] += point.matches(positives[q]) ? 1 : 0;
      hitsAndCount[1]++;
    }
    Map<CopyTransform, Double> recallByTransform = new EnumMap<>(CopyTransform.class);
    byTransform.forEach((t, hc) -> recallByTransform.put(t, hc[0] / (double) hc[1]));
    int allTop1 = 0;
    for (boolean b : top1) {
      allTop1 += b ? 1 : 0;
    }
    return new Result(
        point, recall, recallByTransform, top1Rate, point.recall(positives), allTop1 / (double) queries);
  }
}
