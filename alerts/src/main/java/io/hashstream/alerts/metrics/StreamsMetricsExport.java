package io.hashstream.alerts.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A few of Kafka Streams' own client metrics ({@link KafkaStreams#metrics()}), renamed for
 * Prometheus, and the client's state:
 *
 * <table>
 *   <caption>Exported</caption>
 *   <tr><td>{@value #STATE}{@code {state}}</td><td>1 for the current {@link KafkaStreams.State}, 0 for the others</td></tr>
 *   <tr><td>{@value #ALIVE_THREADS}</td><td>{@code stream-metrics/alive-stream-threads}</td></tr>
 *   <tr><td>{@value #FAILED_THREADS}</td><td>{@code stream-metrics/failed-stream-threads}</td></tr>
 *   <tr><td>{@value #PROCESS_RATE}{@code {thread}}</td><td>{@code stream-thread-metrics/process-rate}</td></tr>
 *   <tr><td>{@value #PROCESS_TOTAL}{@code {thread}}</td><td>{@code stream-thread-metrics/process-total}</td></tr>
 *   <tr><td>{@value #COMMIT_LATENCY_AVG}{@code {thread}}</td><td>{@code stream-thread-metrics/commit-latency-avg}, in seconds</td></tr>
 *   <tr><td>{@value #COMMIT_LATENCY_MAX}{@code {thread}}</td><td>{@code stream-thread-metrics/commit-latency-max}, in seconds</td></tr>
 *   <tr><td>{@value #COMMIT_TOTAL}{@code {thread}}</td><td>{@code stream-thread-metrics/commit-total}</td></tr>
 *   <tr><td>{@value #RECORDS_LAG}{@code {topic,partition}}</td><td>{@code consumer-fetch-manager-metrics/records-lag} of every partition this instance's stream threads consume (input and repartition topics)</td></tr>
 *   <tr><td>{@value #RECORDS_LAG_MAX}{@code {client}}</td><td>{@code consumer-fetch-manager-metrics/records-lag-max} of each stream thread's consumer</td></tr>
 * </table>
 *
 * <p>The restore consumers (changelogs) are left out. A metric Kafka has not sampled yet (NaN) is
 * left out rather than written as NaN. Labels hold thread names, topic names and partition
 * numbers: nothing of a tenant's.
 */
public final class StreamsMetricsExport implements MetricsSource {
  public static final String STATE = "hashstream_streams_state";
  public static final String ALIVE_THREADS = "hashstream_streams_alive_stream_threads";
  public static final String FAILED_THREADS = "hashstream_streams_failed_stream_threads_total";
  public static final String PROCESS_RATE = "hashstream_streams_process_rate";
  public static final String PROCESS_TOTAL = "hashstream_streams_process_total";
  public static final String COMMIT_LATENCY_AVG = "hashstream_streams_commit_latency_avg_seconds";
  public static final String COMMIT_LATENCY_MAX = "hashstream_streams_commit_latency_max_seconds";
  public static final String COMMIT_TOTAL = "hashstream_streams_commit_total";
  public static final String RECORDS_LAG = "hashstream_streams_records_lag";
  public static final String RECORDS_LAG_MAX = "hashstream_streams_records_lag_max";

  private static final String CLIENT = "stream-metrics";
  private static final String THREAD = "stream-thread-metrics";
  private static final String FETCH = "consumer-fetch-manager-metrics";

  /**
   * One exported metric: Kafka's group and name, the tags it must have (exactly), which of them
   * become labels (Kafka tag, label, alternating), a factor, and how series that end up with the
   * same labels combine.
   */
  private record Export(
      String name, String type, String help, String group, String kafkaName, Set<String> tags,
      String[] labels, double factor, BinaryOperator<Double> combine) {}

  private static final BinaryOperator<Double> SUM = Double::sum;
  private static final List<Export> EXPORTS = List.of(
      new Export(ALIVE_THREADS, PrometheusText.GAUGE, "Stream threads alive (running or rebalancing).",
          CLIENT, "alive-stream-threads", Set.of("client-id"), new String[0], 1, SUM),
      new Export(FAILED_THREADS, PrometheusText.COUNTER, "Stream threads that failed since the client started (each is replaced).",
          CLIENT, "failed-stream-threads", Set.of("client-id"), new String[0], 1, SUM),
      new Export(PROCESS_RATE, PrometheusText.GAUGE, "Records processed per second, by stream thread.",
          THREAD, "process-rate", Set.of("thread-id"), new String[] {"thread-id", "thread"}, 1, SUM),
      new Export(PROCESS_TOTAL, PrometheusText.COUNTER, "Records processed, by stream thread.",
          THREAD, "process-total", Set.of("thread-id"), new String[] {"thread-id", "thread"}, 1, SUM),
      new Export(COMMIT_LATENCY_AVG, PrometheusText.GAUGE, "Average commit (transaction) duration in seconds, by stream thread.",
          THREAD, "commit-latency-avg", Set.of("thread-id"), new String[] {"thread-id", "thread"}, 1e-3, Math::max),
      new Export(COMMIT_LATENCY_MAX, PrometheusText.GAUGE, "Longest commit (transaction) duration in seconds, by stream thread.",
          THREAD, "commit-latency-max", Set.of("thread-id"), new String[] {"thread-id", "thread"}, 1e-3, Math::max),
      new Export(COMMIT_TOTAL, PrometheusText.COUNTER, "Commits, by stream thread.",
          THREAD, "commit-total", Set.of("thread-id"), new String[] {"thread-id", "thread"}, 1, SUM),
      new Export(RECORDS_LAG, PrometheusText.GAUGE,
          "Records between the consumer's position and the end of the partition, of every partition this instance consumes.",
          FETCH, "records-lag", Set.of("client-id", "topic", "partition"),
          new String[] {"topic", "topic", "partition", "partition"}, 1, Math::max),
      new Export(RECORDS_LAG_MAX, PrometheusText.GAUGE,
          "Largest lag of any partition in the sample window, by stream thread's consumer (client id).",
          FETCH, "records-lag-max", Set.of("client-id"), new String[] {"client-id", "client"}, 1, Math::max));

  private final Supplier<KafkaStreams.State> state;
  private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;

  /**
   * @param state the client's state now
   * @param metrics its metrics ({@link KafkaStreams#metrics()})
   */
  public StreamsMetricsExport(Supplier<KafkaStreams.State> state, Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
    this.state = state;
    this.metrics = metrics;
  }

  /** Over a running client. */
  public static StreamsMetricsExport of(KafkaStreams streams) {
    return new StreamsMetricsExport(streams::state, streams::metrics);
  }

  @Override
  public void writeTo(PrometheusText out) {
    KafkaStreams.State now = state.get();
    out.family(STATE, PrometheusText.GAUGE, "The Kafka Streams client's state: 1 for the current one.");
    for (KafkaStreams.State s : KafkaStreams.State.values()) {
      out.sample(STATE, s == now ? 1 : 0, "state", s.name());
    }
    Map<MetricName, ? extends Metric> all = metrics.get();
    for (Export e : EXPORTS) {
      out.family(e.name(), e.type(), e.help());
      collect(e, all).forEach((labels, value) -> out.sample(e.name(), value, labels.toArray(String[]::new)));
    }
  }

  /** The export's series: labels (name, value pairs) to value, in a stable order. */
  private static Map<List<String>, Double> collect(Export e, Map<MetricName, ? extends Metric> all) {
    List<MetricName> names = new ArrayList<>();
    Set<String> topics = new HashSet<>();
    for (MetricName n : all.keySet()) {
      if (n.group().equals(e.group()) && n.name().equals(e.kafkaName()) && n.tags().keySet().equals(e.tags())
          && !isOtherConsumer(n.tags().get("client-id"), e.group())) {
        names.add(n);
        if (n.tags().containsKey("topic")) {
          topics.add(n.tags().get("topic"));
        }
      }
    }
    Map<List<String>, Double> series = new TreeMap<>(StreamsMetricsExport::compareLabels);
    for (MetricName n : names) {
      String topic = n.tags().get("topic");
      if (topic != null && isDeprecatedTwin(topic, topics)) {
        continue;
      }
      if (!(all.get(n).metricValue() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
        continue;
      }
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < e.labels().length; i += 2) {
        labels.add(e.labels()[i + 1]);
        labels.add(n.tags().get(e.labels()[i]));
      }
      series.merge(labels, number.doubleValue() * e.factor(), e.combine());
    }
    return series;
  }

  /** Restore and global consumers: not the stream threads' input. */
  private static boolean isOtherConsumer(String clientId, String group) {
    return group.equals(FETCH) && clientId != null
        && (clientId.endsWith("-restore-consumer") || clientId.endsWith("-global-consumer"));
  }

  /**
   * Kafka also writes the lag of a topic with periods under its name with underscores
   * (deprecated): that twin is left out.
   */
  private static boolean isDeprecatedTwin(String topic, Set<String> topics) {
    if (!topic.contains("_")) {
      return false;
    }
    for (String other : topics) {
      if (!other.equals(topic) && other.contains(".") && other.replace('.', '_').equals(topic)) {
        return true;
      }
    }
    return false;
  }

  private static int compareLabels(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      int c = isNumber(x) && isNumber(y) ? Long.compare(Long.parseLong(x), Long.parseLong(y)) : x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
  }
}
