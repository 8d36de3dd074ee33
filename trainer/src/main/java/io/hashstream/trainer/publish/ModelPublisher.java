package io.hashstream.trainer.publish;

import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@link ModelUpdate}s to {@link Topic#HASHCODER_CONTROL}, keyed by model version, with the
 * registry Avro serializer (Confluent wire format) and an idempotent producer ({@code acks=all}).
 * {@link #publish} waits for the broker's acknowledgement, so a returned call means the update is
 * durable.
 *
 * <p>Threads: {@link #publish} may be called from several threads (the Kafka producer is
 * thread-safe); {@link #close()} flushes and closes.
 */
public final class ModelPublisher implements AutoCloseable {
  private final KafkaProducer<String, ModelUpdate> producer;
  private final Duration timeout;

  private ModelPublisher(KafkaProducer<String, ModelUpdate> producer, Duration timeout) {
    this.producer = producer;
    this.timeout = timeout;
  }

  /**
   * Connects a producer.
   *
   * @param kafka where Kafka and the registry are, and the client security settings
   * @param timeout how long {@link #publish} waits for the acknowledgement
   * @return the publisher, which the caller closes
   */
  public static ModelPublisher open(ClientConnection kafka, Duration timeout) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout.toMillis() / 2));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    RegistryAvroSerializer<ModelUpdate> values = new RegistryAvroSerializer<>();
    values.configure(config, false);
    return new ModelPublisher(
        new KafkaProducer<>(config, new StringSerializer(), values), timeout);
  }

  /**
   * Sends one update and waits for the acknowledgement.
   *
   * @param update the update
   * @return where it was written
   * @throws IllegalStateException if the broker did not acknowledge within the timeout or refused
   */
  public RecordMetadata publish(ModelUpdate update) {
    ProducerRecord<String, ModelUpdate> record =
        new ProducerRecord<>(
            Topic.HASHCODER_CONTROL.topicName(), update.getVersion().toString(), update);
    try {
      return producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + update.getVersion(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "model update " + update.getVersion() + " was not acknowledged: " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close(timeout);
  }
}
