package io.hashstream.alerts.testing;

import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the service's inputs to the embedded platform as producers do (wire format, or raw bytes),
 * and reads its outputs read_committed until what a test waits for has arrived or a deadline has
 * passed: tests wait on data, never on the clock.
 */
public final class Kafka implements AutoCloseable {
  private final EmbeddedPlatform platform;
  private final SchemaRegistry registry;
  private final KafkaProducer<String, byte[]> producer;

  public Kafka(EmbeddedPlatform platform) {
    this.platform = platform;
    this.registry = platform.schemaRegistry();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends a match keyed as the streaming job might (here: by tenant, which keeps order). */
  public void send(NearDuplicate m) {
    raw(Topic.NEAR_DUPLICATES, m.getTenant(), frame(Topic.NEAR_DUPLICATES, NearDuplicate.class, m));
  }

  public void send(ModerationVerdict v) {
    raw(Topic.MODERATION_VERDICTS, TenantKeys.key(v.getTenant(), v.getImageId()),
        frame(Topic.MODERATION_VERDICTS, ModerationVerdict.class, v));
  }

  public void send(ImageEvent e) {
    raw(Topic.IMAGES, TenantKeys.key(e.getTenant(), e.getImageId()), frame(Topic.IMAGES, ImageEvent.class, e));
  }

  public void raw(Topic topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic.topicName(), key, value));
  }

  public void flush() {
    producer.flush();
  }

  private <T extends SpecificRecord> byte[] frame(Topic topic, Class<T> type, T record) {
    return new RegistryAvroCodec<>(registry, type).encode(topic.valueSubject(), record);
  }

  /** The committed actions that satisfy {@code wanted}, once {@code until} holds of them. */
  public List<ModerationAction> awaitActions(
      Predicate<ModerationAction> wanted, Predicate<List<ModerationAction>> until, Duration timeout) {
    return await(Topic.MODERATION_ACTIONS, ModerationAction.class, wanted, until, timeout);
  }

  public List<DeadLetter> awaitDeadLetters(Predicate<DeadLetter> wanted, int count, Duration timeout) {
    return await(Topic.DEAD_LETTERS, DeadLetter.class, wanted, l -> l.size() >= count, timeout);
  }

  /**
   * Reads {@code topic} from the beginning (read_committed) until {@code until} holds of the
   * records that {@code wanted} picks, then reads every partition to its end as it is then, so
   * that nothing committed before that moment is missed; fails with what it saw after {@code
   * timeout}.
   */
  public <T extends SpecificRecord> List<T> await(
      Topic topic, Class<T> type, Predicate<T> wanted, Predicate<List<T>> until, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-it-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    RegistryAvroDeserializer<T> values = new RegistryAvroDeserializer<>(new RegistryAvroCodec<>(registry, type));
    List<T> seen = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic.topicName()).forEach(i -> partitions.add(new TopicPartition(topic.topicName(), i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!until.test(seen) && System.nanoTime() - deadline < 0) {
        poll(consumer, wanted, seen);
      }
      if (!until.test(seen)) {
        throw new AssertionError("waited " + timeout + " on " + topic.topicName() + "; saw " + seen.size() + ": " + tail(seen));
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
          && System.nanoTime() - deadline < 0) {
        poll(consumer, wanted, seen);
      }
    }
    return seen;
  }

  private static <T> void poll(KafkaConsumer<String, T> consumer, Predicate<T> wanted, List<T> seen) {
    for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.value() != null && wanted.test(r.value())) {
        seen.add(r.value());
      }
    }
  }

  private static <T> List<T> tail(List<T> seen) {
    return seen.subList(Math.max(0, seen.size() - 5), seen.size());
  }

  @Override
  public void close() {
    producer.close();
  }
}
