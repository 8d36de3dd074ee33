package io.hashstream.it.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic from the beginning until the wanted records have arrived or a deadline passes:
 * tests wait on data, never on the clock.
 */
public final class TopicReader {
  private TopicReader() {}

  /**
   * Returns the records of {@code topic} that match {@code wanted}, once {@code count} of them have
   * been read (read_committed), or fails with what it saw after {@code timeout}.
   */
  public static <K, V> List<ConsumerRecord<K, V>> await(
      String bootstrapServers,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Predicate<ConsumerRecord<K, V>> wanted,
      int count,
      Duration timeout) {
    return await(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, keys,
        values, wanted, count, timeout);
  }

  /**
   * The same on a platform reached with {@code client} (addresses and security settings, e.g.
   * {@code EmbeddedPlatform.clientConnection().kafkaProperties()}).
   */
  public static <K, V> List<ConsumerRecord<K, V>> await(
      Map<String, ?> client,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Predicate<ConsumerRecord<K, V>> wanted,
      int count,
      Duration timeout) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<K, V>> matched = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (matched.size() < count && System.nanoTime() - deadline < 0) {
        for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
          if (wanted.test(r)) {
            matched.add(r);
          }
        }
      }
    }
    if (matched.size() < count) {
      throw new AssertionError(
          "waited " + timeout + " for " + count + " records on " + topic + ", got " + matched.size()
              + ": " + matched);
    }
    return matched;
  }

  /** Consumer properties for one-off reads (used where a test needs its own consumer). */
  public static Map<String, Object> consumerConfig(String bootstrapServers) {
    return consumerConfig(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** The same over {@code client} (addresses and security settings). */
  public static Map<String, Object> consumerConfig(Map<String, ?> client) {
    Map<String, Object> p = new java.util.HashMap<>(client);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }
}
