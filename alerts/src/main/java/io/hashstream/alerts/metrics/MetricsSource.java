package io.hashstream.alerts.metrics;

/** Something that writes metric families for {@code /metrics}. */
@FunctionalInterface
public interface MetricsSource {
  /** Writes this source's families; each family name once per scrape. */
  void writeTo(PrometheusText out);
}
