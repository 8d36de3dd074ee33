package io.hashstream.alerts.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** The text format, the histogram's buckets and the selection of Kafka Streams' metrics. */
class PrometheusTextTest {

  @Test
  void familiesAndSamplesInTheTextFormat() {
    String text = new PrometheusText()
        .family("hashstream_things_total", PrometheusText.COUNTER, "Things\\counted\nper kind.")
        .sample("hashstream_things_total", 3, "kind", "a\"b\\c\nd", "zone", "eu")
        .sample("hashstream_things_total", 0)
        .family("hashstream_ratio", PrometheusText.GAUGE, "A ratio.")
        .sample("hashstream_ratio", 0.25)
        .text();
    assertThat(text).isEqualTo(
        "# HELP hashstream_things_total Things\\\\counted\\nper kind.\n"
            + "# TYPE hashstream_things_total counter\n"
            + "hashstream_things_total{kind=\"a\\\"b\\\\c\\nd\",zone=\"eu\"} 3\n"
            + "hashstream_things_total 0\n"
            + "# HELP hashstream_ratio A ratio.\n"
            + "# TYPE hashstream_ratio gauge\n"
            + "hashstream_ratio 0.25\n");
  }

  @Test
  void valuesAsPrometheusReadsThem() {
    assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(PrometheusText.number(42)).isEqualTo("42");
    assertThat(PrometheusText.number(-7)).isEqualTo("-7");
    assertThat(PrometheusText.number(0.0025)).isEqualTo("0.0025");
    assertThat(Double.parseDouble(PrometheusText.number(1.5e-7))).isEqualTo(1.5e-7);
    assertThat(Double.parseDouble(PrometheusText.number(3e20))).isEqualTo(3e20);
  }

  @Test
  void badNamesTypesAndTwiceDeclaredFamiliesAreRefused() {
    PrometheusText out = new PrometheusText().family("ok", PrometheusText.GAUGE, "ok");
    assertThatThrownBy(() -> out.family("ok", PrometheusText.GAUGE, "again")).hasMessageContaining("twice");
    assertThatThrownBy(() -> out.family("1bad", PrometheusText.GAUGE, "x")).hasMessageContaining("metric name");
    assertThatThrownBy(() -> out.family("has-dash", PrometheusText.GAUGE, "x")).hasMessageContaining("metric name");
    assertThatThrownBy(() -> out.family("fine", "meter", "x")).hasMessageContaining("type");
    assertThatThrownBy(() -> out.sample("ok", 1, "bad-label", "v")).hasMessageContaining("label name");
    assertThatThrownBy(() -> out.sample("ok", 1, "__reserved", "v")).hasMessageContaining("label name");
    assertThatThrownBy(() -> out.sample("ok", 1, "odd")).hasMessageContaining("pairs");
  }

  @Test
  void aHistogramHasCumulativeBucketsASumAndACount() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(500_000); // 0.5 ms
    h.record(3_000_000); // 3 ms
    h.record(3_000_000);
    h.record(20_000_000_000L); // 20 s: above every bound
    PrometheusText out = new PrometheusText().family("t_seconds", PrometheusText.HISTOGRAM, "t");
    h.writeTo(out, "t_seconds", "endpoint", "case");
    String text = out.text();
    assertThat(text)
        .contains("t_seconds_bucket{endpoint=\"case\",le=\"0.001\"} 1\n")
        .contains("t_seconds_bucket{endpoint=\"case\",le=\"0.0025\"} 1\n")
        .contains("t_seconds_bucket{endpoint=\"case\",le=\"0.005\"} 3\n")
        .contains("t_seconds_bucket{endpoint=\"case\",le=\"10\"} 3\n")
        .contains("t_seconds_bucket{endpoint=\"case\",le=\"+Inf\"} 4\n")
        .contains("t_seconds_count{endpoint=\"case\"} 4\n");
    assertThat(text).containsPattern("t_seconds_sum\\{endpoint=\"case\"} 20\\.0065\\d*\n");
    assertThat(h.count()).isEqualTo(4);
  }

  @Test
  void lookUpsAreTimedByKnownEndpointsOnly() {
    ServiceMetrics m = new ServiceMetrics();
    m.lookup("case", 200, 2_000_000);
    m.lookup("case", 404, 1_000_000);
    m.lookup("../../tenant-x/secret-image", 404, 1_000_000);
    String text = render(m);
    assertThat(text)
        .contains("hashstream_lookup_request_duration_seconds_count{endpoint=\"case\"} 2\n")
        .contains("hashstream_lookup_request_duration_seconds_count{endpoint=\"other\"} 1\n")
        .contains("hashstream_lookup_responses_total{endpoint=\"case\",code=\"200\"} 1\n")
        .contains("hashstream_lookup_responses_total{endpoint=\"case\",code=\"404\"} 1\n")
        .contains("# TYPE hashstream_lookup_request_duration_seconds histogram\n")
        .doesNotContain("tenant-x")
        .doesNotContain("secret-image");
    assertThat(text).contains("hashstream_moderation_actions_total{action=\"BLOCK\"} 0\n");
  }

  @Test
  void kafkaStreamsMetricsAreSelectedRenamedAndScaled() {
    try (Metrics kafka = new Metrics()) {
      String thread = "app-1234-StreamThread-1";
      add(kafka, "process-rate", "stream-thread-metrics", Map.of("thread-id", thread), 12.5);
      add(kafka, "process-total", "stream-thread-metrics", Map.of("thread-id", thread), 1000);
      add(kafka, "commit-latency-avg", "stream-thread-metrics", Map.of("thread-id", thread), 40);
      add(kafka, "commit-latency-max", "stream-thread-metrics", Map.of("thread-id", thread), 250);
      add(kafka, "commit-total", "stream-thread-metrics", Map.of("thread-id", thread), 9);
      add(kafka, "alive-stream-threads", "stream-metrics", Map.of("client-id", "app-1234"), 1);
      add(kafka, "failed-stream-threads", "stream-metrics", Map.of("client-id", "app-1234"), 0);
      String consumer = thread + "-consumer";
      add(kafka, "records-lag-max", "consumer-fetch-manager-metrics", Map.of("client-id", consumer), 17);
      add(kafka, "records-lag", "consumer-fetch-manager-metrics", Map.of("client-id", consumer, "topic", "near-duplicates", "partition", "10"), 5);
      add(kafka, "records-lag", "consumer-fetch-manager-metrics", Map.of("client-id", consumer, "topic", "near-duplicates", "partition", "2"), 7);
      add(kafka, "records-lag", "consumer-fetch-manager-metrics", Map.of("client-id", consumer, "topic", "app.x-repartition", "partition", "0"), 3);
      add(kafka, "records-lag", "consumer-fetch-manager-metrics", Map.of("client-id", consumer, "topic", "app_x-repartition", "partition", "0"), 3);
      add(kafka, "records-lag", "consumer-fetch-manager-metrics", Map.of("client-id", thread + "-restore-consumer", "topic", "app-verdicts-changelog", "partition", "0"), 99);
      add(kafka, "records-lag", "consumer-fetch-manager-metrics", Map.of("client-id", consumer, "topic", "images", "partition", "0"), Double.NaN);
      add(kafka, "process-rate", "stream-task-metrics", Map.of("thread-id", thread, "task-id", "0_0"), 1);

      String text = render(new StreamsMetricsExport(() -> KafkaStreams.State.RUNNING, kafka::metrics));
      assertThat(text)
          .contains("hashstream_streams_state{state=\"RUNNING\"} 1\n")
          .contains("hashstream_streams_state{state=\"REBALANCING\"} 0\n")
          .contains("hashstream_streams_alive_stream_threads 1\n")
          .contains("hashstream_streams_failed_stream_threads_total 0\n")
          .contains("hashstream_streams_process_rate{thread=\"" + thread + "\"} 12.5\n")
          .contains("hashstream_streams_process_total{thread=\"" + thread + "\"} 1000\n")
          .contains("hashstream_streams_commit_latency_avg_seconds{thread=\"" + thread + "\"} 0.04\n")
          .contains("hashstream_streams_commit_latency_max_seconds{thread=\"" + thread + "\"} 0.25\n")
          .contains("hashstream_streams_commit_total{thread=\"" + thread + "\"} 9\n")
          .contains("hashstream_streams_records_lag_max{client=\"" + consumer + "\"} 17\n")
          .contains("hashstream_streams_records_lag{topic=\"app.x-repartition\",partition=\"0\"} 3\n")
          .doesNotContain("app_x-repartition")
          .doesNotContain("changelog")
          .doesNotContain("topic=\"images\"");
      assertThat(text.indexOf("partition=\"2\"}")).as("partitions in numeric order").isLessThan(text.indexOf("partition=\"10\"}"));
      assertThat(text.lines().filter(l -> l.startsWith("hashstream_streams_process_rate"))).hasSize(1);
    }
  }

  private static void add(Metrics kafka, String name, String group, Map<String, String> tags, double value) {
    MetricName n = kafka.metricName(name, group, "", tags);
    kafka.addMetric(n, (org.apache.kafka.common.metrics.Gauge<Double>) (config, now) -> value);
  }

  private static String render(MetricsSource source) {
    PrometheusText out = new PrometheusText();
    source.writeTo(out);
    return out.text();
  }
}
