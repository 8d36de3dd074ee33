package io.hashstream.bench.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.metrics.Histogram;

/**
 * Collects every value of the match operator's {@code freshnessMillis} histograms (one per
 * subtask) from the moment it is created until {@link #close}: per upload, the processing time
 * when it was indexed minus its {@code uploadedAt}, which the benchmark's producer sets at send
 * time. From that moment a later duplicate is matched against it, so this is write-to-matchable.
 * Read through {@link HistogramTail} every few milliseconds (the histogram keeps only its last
 * 1024 values).
 */
final class FreshnessSampler implements AutoCloseable {
  private static final String METRIC = "freshnessMillis";

  private final Map<Histogram, HistogramTail> tails = new LinkedHashMap<>();
  private final LongSamples samples = new LongSamples();
  private final Thread thread;
  private volatile boolean running = true;
  private long inconsistentReads;

  FreshnessSampler() {
    for (var c : CapturedMetrics.find(METRIC)) {
      Histogram h = (Histogram) c.metric();
      tails.put(h, new HistogramTail(h));
    }
    thread = new Thread(this::run, "bench-freshness-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      poll();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void poll() {
    for (HistogramTail tail : tails.values()) {
      if (!tail.read(samples)) {
        inconsistentReads++;
      }
    }
  }

  /** Takes the last values and stops. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
    poll();
  }

  synchronized Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>(Percentiles.of(samples.toArray()).summary());
    m.put("skipped", tails.values().stream().mapToLong(HistogramTail::skipped).sum());
    m.put("subtasks", tails.size());
    if (inconsistentReads > 0) {
      m.put("inconsistent_reads", inconsistentReads);
    }
    return m;
  }
}
