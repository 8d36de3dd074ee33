package io.hashstream.bench.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact percentiles of a set of samples (milliseconds here), by the nearest-rank rule: the
 * q-quantile of n sorted samples is the one at rank {@code ceil(q·n)} (1-based), so the p99 of 100
 * samples is the 99th smallest and never an interpolated value that was not observed. Sorting a
 * copy is fine for the few thousand to few hundred thousand samples a benchmark run collects.
 */
public final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  /** The percentiles of {@code samples} (not modified). */
  public static Percentiles of(long[] samples) {
    long[] copy = samples.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The nearest-rank q-quantile.
   *
   * @param q in (0, 1]
   * @throws IllegalStateException if there are no samples
   */
  public long quantile(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
    }
    requireSamples();
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  long min() {
    requireSamples();
    return sorted[0];
  }

  long max() {
    requireSamples();
    return sorted[sorted.length - 1];
  }

  private void requireSamples() {
    if (sorted.length == 0) {
      throw new IllegalStateException("no samples");
    }
  }

  double mean() {
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return sorted.length == 0 ? Double.NaN : sum / sorted.length;
  }

  /**
   * count, min, p50, p90, p99, p99.9, max and mean, for a report; only {@code count: 0} when
   * there are no samples.
   */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", sorted.length);
    if (sorted.length == 0) {
      return m;
    }
    m.put("min", min());
    m.put("p50", quantile(0.50));
    m.put("p90", quantile(0.90));
    m.put("p99", quantile(0.99));
    m.put("p999", quantile(0.999));
    m.put("max", max());
    m.put("mean", JsonReport.round(mean(), 1));
    return m;
  }
}
