package io.hashstream.bench.pipeline;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Reads the values added to one of Flink's {@code DescriptiveStatisticsHistogram}s since the last
 * read, exactly and in order. The histogram keeps its last W values in a circular array (value k,
 * counted from 0, sits at k mod W) and {@code getStatistics().getValues()} copies that array as it
 * lies, under the same lock that adds values; so a copy taken between two equal {@link
 * Histogram#getCount()}s holds value k at k mod W for every k of the last W. Values that were
 * overwritten before a read (more than W added between two reads) are counted as skipped.
 */
final class HistogramTail {
  private final Histogram histogram;
  private long taken;
  private long skipped;

  /** Starts after the values already in {@code histogram}. */
  HistogramTail(Histogram histogram) {
    this.histogram = histogram;
    this.taken = histogram.getCount();
  }

  /** Adds the values since the last read to {@code out}; false if no consistent copy was had. */
  boolean read(LongSamples out) {
    for (int attempt = 0; attempt < 5; attempt++) {
      long before = histogram.getCount();
      if (before == taken) {
        return true;
      }
      HistogramStatistics stats = histogram.getStatistics();
      long after = histogram.getCount();
      if (before != after) {
        continue; // a value was added while copying: the copy may not match the count
      }
      long[] window = stats.getValues(); // first call on this snapshot: still in array order
      skipped += take(window, taken, after, out);
      taken = after;
      return true;
    }
    return false;
  }

  long skipped() {
    return skipped;
  }

  /**
   * The values numbered {@code from} (inclusive) to {@code to} (exclusive), from a copy of the
   * circular array when {@code to} values had been added; returns how many were already
   * overwritten.
   */
  static long take(long[] window, long from, long to, LongSamples out) {
    int w = window.length;
    if (w == 0) {
      return 0;
    }
    long first = Math.max(from, to - w);
    for (long k = first; k < to; k++) {
      out.add(window[(int) (k % w)]);
    }
    return first - from;
  }
}
