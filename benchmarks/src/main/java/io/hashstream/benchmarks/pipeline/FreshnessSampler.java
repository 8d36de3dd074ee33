package io.hashstream.benchmarks.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Histogram;

/**
 * Collects the samples of the match operator's {@code freshnessMillis} histogram (per upload: the
 * processing time when it was indexed minus its {@code uploadedAt}, which the benchmark's producer
 * sets at send time; from that moment a later duplicate is matched against it).
 *
 * <p>The metric is a sliding window of the last {@value #WINDOW} values per subtask and cannot say
 * which values are new, so this polls every few milliseconds and takes a whole window each time
 * exactly {@value #WINDOW} or a few more values have arrived since the last one taken: every value
 * is taken once, a few are skipped (counted in {@code skipped}: those between two polls beyond
 * the window), and the values after the last full window are left out ({@code left_out}). At the
 * benchmark's rates that is over 90% of the uploads of the measured window, taken without bias
 * (which uploads fall in a window does not depend on their freshness).
 */
final class FreshnessSampler implements AutoCloseable {
  static final int WINDOW = 1024; // MatchFunction: new DescriptiveStatisticsHistogram(1024)
  private static final String METRIC = "freshnessMillis";

  private final Map<Histogram, Long> taken = new HashMap<>(); // histogram -> count at last window
  private final LongSamples samples = new LongSamples();
  private final Thread thread;
  private volatile boolean running = true;
  private long skipped;
  private long leftOut;

  FreshnessSampler() {
    thread = new Thread(this::run, "bench-freshness-sampler");
    thread.setDaemon(true);
    for (var c : CapturedMetrics.find(METRIC)) {
      Histogram h = (Histogram) c.metric();
      taken.put(h, h.getCount());
    }
    thread.start();
  }

  private void run() {
    while (running) {
      poll();
      try {
        Thread.sleep(3);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void poll() {
    for (var c : CapturedMetrics.find(METRIC)) {
      Histogram h = (Histogram) c.metric();
      Long last = taken.get(h);
      if (last == null) {
        taken.put(h, h.getCount());
        continue;
      }
      long count = h.getCount(); // first: the window below holds at least these values
      var stats = h.getStatistics(); // one consistent copy of the window
      long[] values = stats.getValues();
      if (count - last >= WINDOW && values.length == WINDOW) {
        skipped += Math.max(0, count - last - WINDOW);
        for (long v : values) {
          samples.add(v);
        }
        taken.put(h, count);
      }
    }
  }

  /** Stops sampling; the values after each subtask's last full window are counted as left out. */
  @Override
  public synchronized void close() {
    running = false;
    thread.interrupt();
    for (Map.Entry<Histogram, Long> e : taken.entrySet()) {
      leftOut += e.getKey().getCount() - e.getValue();
    }
  }

  synchronized long[] values() {
    return samples.toArray();
  }

  synchronized Map<String, Object> summary() {
    Map<String, Object> m = new java.util.LinkedHashMap<>(Percentiles.of(samples.toArray()).summary());
    m.put("skipped", skipped);
    m.put("left_out", leftOut);
    m.put("subtasks", taken.size());
    return m;
  }
}
