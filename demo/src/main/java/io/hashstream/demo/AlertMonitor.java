package io.hashstream.demo;

import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.security.ClientConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the job's alerts as a consumer would (read_committed, so only what the job committed)
 * and keeps the demo's running figures: alerts, upload-to-alert latency, model versions seen, and
 * which alerted pairs there are.
 */
final class AlertMonitor implements AutoCloseable {
  private final KafkaConsumer<String, NearDuplicate> consumer;
  private final Thread thread;
  private final Consumer<NearDuplicate> onAlert;
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> pairs = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> byVersion = new ConcurrentHashMap<>();
  private volatile String latestVersion = "";
  private volatile boolean running = true;

  AlertMonitor(ClientConnection kafka, String topic, Consumer<NearDuplicate> onAlert) {
    Map<String, Object> props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "hashstream-demo-monitor");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(RegistryAvroSerde.VALUE_TYPE, NearDuplicate.class.getName());
    RegistryAvroDeserializer<NearDuplicate> values = new RegistryAvroDeserializer<>();
    values.configure(props, false);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
    this.onAlert = onAlert;
    consumer.subscribe(List.of(topic));
    this.thread = new Thread(this::run, "demo-alert-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, NearDuplicate> r : consumer.poll(Duration.ofMillis(200))) {
          NearDuplicate a = r.value();
          latencies.add(System.currentTimeMillis() - a.getQueryUploadedAt().toEpochMilli());
          pairs.add(a.getQueryId() + "~" + a.getMatchId());
          byVersion.merge(a.getModelVersion(), 1, Integer::sum);
          latestVersion = a.getModelVersion();
          onAlert.accept(a);
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  int alerts() {
    return latencies.size();
  }

  /** The p-th percentile of upload-to-alert latency in ms, or -1 before the first alert. */
  long latencyPercentile(double p) {
    List<Long> copy;
    synchronized (latencies) {
      copy = new ArrayList<>(latencies);
    }
    if (copy.isEmpty()) {
      return -1;
    }
    Collections.sort(copy);
    int i = (int) Math.ceil(p / 100.0 * copy.size()) - 1;
    return copy.get(Math.max(0, Math.min(copy.size() - 1, i)));
  }

  boolean alerted(String queryId, String matchId) {
    return pairs.contains(queryId + "~" + matchId) || pairs.contains(matchId + "~" + queryId);
  }

  Map<String, Integer> alertsByVersion() {
    return Map.copyOf(byVersion);
  }

  String latestVersion() {
    return latestVersion;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
