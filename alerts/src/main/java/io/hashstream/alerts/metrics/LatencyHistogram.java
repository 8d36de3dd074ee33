package io.hashstream.alerts.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in fixed buckets (seconds), Prometheus style: cumulative {@code le} buckets, a sum and
 * a count. Thread-safe and lock-free; a scrape that runs beside recordings may see the sum a
 * recording ahead of or behind the buckets, never buckets that are not cumulative.
 */
final class LatencyHistogram {
  /** Upper bounds in seconds: 1 ms to 10 s. */
  static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final LongAdder[] counts = new LongAdder[BOUNDS.length + 1]; // the last: above every bound
  private final DoubleAdder sum = new DoubleAdder();

  LatencyHistogram() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void record(long nanos) {
    double seconds = Math.max(0, nanos) / 1e9;
    int i = 0;
    while (i < BOUNDS.length && seconds > BOUNDS[i]) {
      i++;
    }
    counts[i].increment();
    sum.add(seconds);
  }

  /**
   * Writes {@code name_bucket}, {@code name_sum} and {@code name_count} with {@code labels} (name,
   * value pairs) before {@code le}.
   */
  void writeTo(PrometheusText out, String name, String... labels) {
    String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
    withLe[labels.length] = "le";
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      cumulative += counts[i].sum();
      withLe[labels.length + 1] = i < BOUNDS.length ? PrometheusText.number(BOUNDS[i]) : "+Inf";
      out.sample(name + "_bucket", cumulative, withLe);
    }
    out.sample(name + "_sum", sum.sum(), labels);
    out.sample(name + "_count", cumulative, labels);
  }

  long count() {
    long n = 0;
    for (LongAdder c : counts) {
      n += c.sum();
    }
    return n;
  }
}
