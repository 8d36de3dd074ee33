package io.hashstream.bench.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a job's output became visible: (time, records seen so far) at each poll of a
 * read_committed consumer that returned records. Outputs of an exactly-once job appear in steps
 * (one per checkpoint), so a rate is measured between two steps, never from the job's start: the
 * first step ends the start-up (sources assigned, engine loaded, first checkpoint), and everything
 * after it is the sustained rate.
 *
 * <p>Thread-safe (one consumer thread adds, the benchmark thread reads).
 */
public final class OutputCurve {
  private final List<long[]> points = new ArrayList<>(); // {nanos, cumulative count}

  synchronized void add(long nanos, long cumulative) {
    if (!points.isEmpty()) {
      long[] last = points.get(points.size() - 1);
      if (cumulative < last[1] || nanos < last[0]) {
        throw new IllegalArgumentException("points must grow in time and count");
      }
    }
    points.add(new long[] {nanos, cumulative});
  }

  /** Records seen so far. */
  public synchronized long count() {
    return points.isEmpty() ? 0 : points.get(points.size() - 1)[1];
  }

  /** Nanos of the first point, or -1. */
  public synchronized long firstNanos() {
    return points.isEmpty() ? -1 : points.get(0)[0];
  }

  /**
   * Records per second from the first visible step to the step at which {@code total} records
   * were visible: {@code (total − first step) / (time of total − time of first step)}. NaN if
   * {@code total} was not reached or there is only one step.
   */
  synchronized double rate(long total) {
    if (points.isEmpty()) {
      return Double.NaN;
    }
    long[] first = points.get(0);
    long[] end = firstReaching(total);
    if (end == null || end[0] == first[0]) {
      return Double.NaN;
    }
    return (end[1] - first[1]) / ((end[0] - first[0]) / 1e9);
  }

  /**
   * Records per second between the steps where {@code from} and {@code to} (fractions of {@code
   * total}) were first reached: the steady state without the first and last steps.
   */
  synchronized double rateBetween(long total, double from, double to) {
    long[] a = firstReaching((long) Math.ceil(from * total));
    long[] b = firstReaching((long) Math.ceil(to * total));
    if (a == null || b == null || b[0] == a[0]) {
      return Double.NaN;
    }
    return (b[1] - a[1]) / ((b[0] - a[0]) / 1e9);
  }

  /** Seconds from the first visible step to the step where {@code total} was reached, or NaN. */
  synchronized double secondsToReach(long total) {
    long[] end = firstReaching(total);
    return end == null || points.isEmpty() ? Double.NaN : (end[0] - points.get(0)[0]) / 1e9;
  }

  /** Number of steps (polls that returned records). */
  synchronized int steps() {
    return points.size();
  }

  /** The figures for a report. */
  public synchronized Map<String, Object> summary(long total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("records_expected", total);
    m.put("records_seen", count());
    m.put("first_step_records", points.isEmpty() ? 0 : points.get(0)[1]);
    m.put("seconds_first_to_last", JsonReport.round(secondsToReach(total), 3));
    m.put("rate_first_to_last", JsonReport.round(rate(total), 1));
    m.put("rate_10_to_90_percent", JsonReport.round(rateBetween(total, 0.1, 0.9), 1));
    m.put("visible_steps", points.size());
    return m;
  }

  private long[] firstReaching(long total) {
    for (long[] p : points) {
      if (p[1] >= total) {
        return p;
      }
    }
    return null;
  }
}
