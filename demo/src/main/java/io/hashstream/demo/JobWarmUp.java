package io.hashstream.demo;

import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.security.ClientConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits until the job answers: one photo uploaded under a tenant of its own, and its code read
 * back from {@code hash-codes}. Until then the job is still starting (Flink tasks, the encoder,
 * the model), and uploads would only queue, so the demo's latency figures start after this.
 */
final class JobWarmUp {
  static final String TENANT = "demo-warm-up";

  private JobWarmUp() {}

  static void await(ClientConnection kafka, DemoUploads uploads, Duration timeout) {
    DemoUploads.Upload first = uploads.uploads().get(0);
    String id = "warm-up-" + UUID.randomUUID();
    ImageEvent event = ImageEvent.newBuilder(uploads.event(first, Instant.now()))
        .setTenant(TENANT).setImageId(id).build();
    try (Producer<String, ImageEvent> producer = DemoUploads.openProducer(kafka)) {
      producer.send(new ProducerRecord<>(Topic.IMAGES.topicName(), TENANT + "/" + id, event));
      producer.flush();
    }
    Map<String, Object> props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "hashstream-demo-warm-up-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(RegistryAvroSerde.VALUE_TYPE, HashCode.class.getName());
    RegistryAvroDeserializer<HashCode> values = new RegistryAvroDeserializer<>();
    values.configure(props, false);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, HashCode> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(Topic.HASH_CODES.topicName()));
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, HashCode> r : consumer.poll(Duration.ofMillis(250))) {
          if (r.value().getImageId().equals(id)) {
            return;
          }
        }
      }
    }
    throw new IllegalStateException(
        "the job did not hash a warm-up upload within " + timeout + "; see the log file");
  }
}
