package io.hashstream.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The live metric objects of the benchmark's MiniCluster, in this JVM: a Flink metric reporter
 * (registered as {@link Factory} under {@code metrics.reporter.bench.factory.class}) that keeps a
 * reference to every metric the job registers, so the benchmark reads gauges, counters and
 * histograms directly (no REST, no polling interval): task busy/back-pressure time, the match
 * operator's {@code freshnessMillis}, checkpoint durations, the swap's re-hash progress.
 */
final class CapturedMetrics {
  /** A metric with its name and its group's variables ({@code <task_name>}, {@code <subtask_index>}...). */
  record Captured(String identifier, String name, Metric metric, Map<String, String> variables) {
    String variable(String key) {
      return variables.get("<" + key + ">");
    }
  }

  private static final Map<String, Captured> METRICS = new ConcurrentHashMap<>();

  private CapturedMetrics() {}

  /** The Flink configuration keys that install the reporter. */
  static Map<String, String> flinkSettings() {
    return Map.of("metrics.reporter.bench.factory.class", Factory.class.getName());
  }

  /** Every live metric called {@code name} whose variables pass {@code filter}. */
  static List<Captured> find(String name, Predicate<Captured> filter) {
    List<Captured> out = new ArrayList<>();
    for (Captured c : METRICS.values()) {
      if (c.name().equals(name) && filter.test(c)) {
        out.add(c);
      }
    }
    return out;
  }

  static List<Captured> find(String name) {
    return find(name, c -> true);
  }

  /** Forgets everything (between jobs). */
  static void clear() {
    METRICS.clear();
  }

  /** The reporter; Flink creates it through {@link Factory}. */
  public static final class Reporter implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      Map<String, String> variables = new java.util.HashMap<>(group.getAllVariables());
      METRICS.put(group.getMetricIdentifier(name),
          new Captured(group.getMetricIdentifier(name), name, metric,
              java.util.Collections.unmodifiableMap(variables)));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
      METRICS.computeIfPresent(group.getMetricIdentifier(name), (k, v) -> v.metric() == metric ? null : v);
    }
  }

  /** Found by Flink through {@code META-INF/services}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new Reporter();
    }
  }
}
