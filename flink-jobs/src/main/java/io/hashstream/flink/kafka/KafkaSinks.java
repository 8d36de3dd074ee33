package io.hashstream.flink.kafka;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.config.TopicNames;
import io.hashstream.flink.serde.RegistryAvroSerializationSchema;
import io.hashstream.flink.topology.JobSinks;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/**
 * The job's Kafka outputs: registry-framed Avro values, keys chosen per topic (so that records of
 * one image stay in one partition). Alerts, codes and dead letters are written exactly once, in
 * Kafka transactions committed with each checkpoint; the job's own ACTIVATE control messages at
 * least once (they are idempotent, and must be visible before the next checkpoint).
 */
public final class KafkaSinks {
  /** Longer than any checkpoint, shorter than the broker's transaction.max.timeout.ms (15 min). */
  private static final String TRANSACTION_TIMEOUT_MS = "600000";

  private KafkaSinks() {}

  /** The sinks of a job writing to the topics of {@code config}. */
  public static JobSinks of(JobConfig config, RegistrySupplier registry) {
    TopicNames topics = config.topics();
    return new JobSinks(
        exactlyOnce(config, topics.nearDuplicates(), Topic.NEAR_DUPLICATES, NearDuplicate.class,
            registry, d -> key(d.getTenant(), d.getQueryId()), "near-duplicates"),
        exactlyOnce(config, topics.hashCodes(), Topic.HASH_CODES, HashCode.class, registry,
            c -> key(c.getTenant(), c.getImageId()), "hash-codes"),
        exactlyOnce(config, topics.deadLetters(), Topic.DEAD_LETTERS, DeadLetter.class, registry,
            KafkaSinks::deadLetterKey, "dead-letters"),
        sink(config, topics.control(), Topic.HASHCODER_CONTROL, ModelUpdate.class, registry,
            u -> u.getVersion().getBytes(StandardCharsets.UTF_8), DeliveryGuarantee.AT_LEAST_ONCE,
            "control"),
        exactlyOnce(config, topics.bankMatches(), Topic.BANK_MATCHES, BankMatch.class, registry,
            m -> key(m.getTenant(), m.getImageId()), "bank-matches"));
  }

  private static <T extends SpecificRecordBase> KafkaSink<T> exactlyOnce(
      JobConfig config, String topic, Topic role, Class<T> type, RegistrySupplier registry,
      SerializationSchema<T> keys, String name) {
    return sink(config, topic, role, type, registry, keys, DeliveryGuarantee.EXACTLY_ONCE, name);
  }

  private static <T extends SpecificRecordBase> KafkaSink<T> sink(
      JobConfig config, String topic, Topic role, Class<T> type, RegistrySupplier registry,
      SerializationSchema<T> keys, DeliveryGuarantee guarantee, String name) {
    Properties producer = new Properties();
    producer.putAll(config.security().kafkaProperties());
    producer.put("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
    producer.put("linger.ms", "5");
    producer.putAll(config.producerProperties()); // compression.type among them (gzip by default)
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
                    new RegistryAvroSerializationSchema<>(type, role.valueSubject(), registry))
                .build())
        .build();
  }

  private static byte[] key(String tenant, String imageId) {
    return (tenant + "/" + imageId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] deadLetterKey(DeadLetter d) {
    if (d.getRecordKey() != null) {
      byte[] out = new byte[d.getRecordKey().remaining()];
      d.getRecordKey().duplicate().get(out);
      return out;
    }
    return d.getImageId() == null ? null : d.getImageId().getBytes(StandardCharsets.UTF_8);
  }
}
