package io.hashstream.flink.job;

import io.hashstream.flink.serde.RegistryAvroSerializationSchema;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/**
 * The job's Kafka sinks: registry-framed Avro values, keys chosen per topic (so that records of
 * one image stay in one partition). Alerts, codes and dead letters are written exactly once, in
 * Kafka transactions committed with each checkpoint; the job's own ACTIVATE control messages at
 * least once (they are idempotent, and must be visible before the next checkpoint).
 */
final class KafkaSinks {
  /** Longer than any checkpoint, shorter than the broker's transaction.max.timeout.ms (15 min). */
  private static final String TRANSACTION_TIMEOUT_MS = "600000";

  private KafkaSinks() {}

  static <T extends SpecificRecordBase> KafkaSink<T> exactlyOnce(
      JobConfig config, String topic, String subject, Class<T> type, RegistrySupplier registry,
      SerializationSchema<T> keys, String name) {
    return sink(config, topic, subject, type, registry, keys, DeliveryGuarantee.EXACTLY_ONCE, name);
  }

  static <T extends SpecificRecordBase> KafkaSink<T> atLeastOnce(
      JobConfig config, String topic, String subject, Class<T> type, RegistrySupplier registry,
      SerializationSchema<T> keys, String name) {
    return sink(config, topic, subject, type, registry, keys, DeliveryGuarantee.AT_LEAST_ONCE, name);
  }

  private static <T extends SpecificRecordBase> KafkaSink<T> sink(
      JobConfig config, String topic, String subject, Class<T> type, RegistrySupplier registry,
      SerializationSchema<T> keys, DeliveryGuarantee guarantee, String name) {
    Properties producer = new Properties();
    producer.put("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
    producer.put("linger.ms", "5");
    producer.put("compression.type", "lz4");
    producer.putAll(config.producerProperties());
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setKafkaProducerConfig(producer)
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
        // reuse a small pool of transactional ids instead of a new one per checkpoint (fewer
        // producer re-initialisations on the match thread, and fewer ids for the broker to keep)
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(keys)
                .setValueSerializationSchema(
                    new RegistryAvroSerializationSchema<>(type, subject, registry))
                .build())
        .build();
  }
}
