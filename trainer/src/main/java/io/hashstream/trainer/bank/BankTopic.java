package io.hashstream.trainer.bank;

import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The compacted {@code bank-signals} topic as the bank commands use it: writes in Kafka
 * transactions (readers that read committed, like the streaming job, see all of a batch or none of
 * it) and reads the table of one bank (every key's latest value, tombstones applied).
 *
 * @param kafka Kafka and the schema registry, with their security settings
 * @param topic the topic ({@code bank-signals}, or a renamed job's)
 * @param timeout how long a write or a read may wait for the broker
 */
public record BankTopic(ClientConnection kafka, String topic, Duration timeout) {

  /** A bank topic on a broker and registry without security (the embedded platform). */
  public BankTopic(String bootstrapServers, String registryUrl, String topic, Duration timeout) {
    this(new ClientConnection(bootstrapServers, registryUrl, KafkaClientSecurity.none()), topic,
        timeout);
  }

  /** A transactional writer: {@link Writer#put} and {@link Writer#remove}, then {@link Writer#commit}. */
  public Writer writer() {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hashstream-bank-" + UUID.randomUUID());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout.toMillis() / 2));
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000);
    RegistryAvroSerializer<BankSignal> values = new RegistryAvroSerializer<>();
    values.configure(config, false);
    KafkaProducer<String, BankSignal> producer =
        new KafkaProducer<>(config, new StringSerializer(), values);
    producer.initTransactions();
    producer.beginTransaction();
    return new Writer(producer, topic, timeout);
  }

  /**
   * Every live entry of {@code bank} (all banks if null), by key, as of now: the topic is read from
   * the beginning to the end offsets it has when the read starts (read committed).
   */
  public TreeMap<String, BankSignal> read(String bank) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(RegistryAvroSerde.VALUE_TYPE, BankSignal.class.getName());
    RegistryAvroDeserializer<BankSignal> values = new RegistryAvroDeserializer<>();
    values.configure(config, false);
    TreeMap<String, BankSignal> table = new TreeMap<>();
    String prefix = bank == null ? "" : bank + "/";
    try (KafkaConsumer<String, BankSignal> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic, timeout)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = stableEndOffsets(consumer, partitions);
      long deadline = System.nanoTime() + timeout.toNanos() * 10;
      while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in time");
        }
        for (ConsumerRecord<String, BankSignal> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null || !r.key().startsWith(prefix)) {
            continue;
          }
          if (r.value() == null) {
            table.remove(r.key());
          } else {
            table.put(r.key(), r.value());
          }
        }
      }
    }
    return table;
  }

  /**
   * The read_committed end offsets once every transaction that had written to the topic when the
   * read started is decided. A writer's {@code commitTransaction} returns before the broker has
   * written the commit markers into the partitions; until then a read_committed reader's end
   * offset stops before that transaction's records, and a read right after an import (an export,
   * a test) would miss them. So this waits, briefly, until the stable end catches up with the end
   * of the log as it was at the start; a transaction still open after that (another writer's) is
   * left out, as read_committed leaves it out.
   */
  private Map<TopicPartition, Long> stableEndOffsets(
      KafkaConsumer<String, BankSignal> committed, List<TopicPartition> partitions) {
    Map<String, Object> config = kafka.kafkaProperties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    Map<TopicPartition, Long> logEnd;
    try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(config,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      logEnd = uncommitted.endOffsets(partitions, timeout);
    }
    long settle = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(10).toNanos());
    while (true) {
      Map<TopicPartition, Long> stable = committed.endOffsets(partitions, timeout);
      if (partitions.stream().allMatch(p -> stable.get(p) >= logEnd.get(p))
          || System.nanoTime() > settle) {
        return stable;
      }
      try {
        Thread.sleep(50); // the markers are written by the broker: nothing to wait on but time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return stable;
      }
    }
  }

  /** Writes entries in transactions; not thread-safe. */
  public static final class Writer implements AutoCloseable {
    private final KafkaProducer<String, BankSignal> producer;
    private final String topic;
    private final Duration timeout;
    private long inTransaction;

    private Writer(KafkaProducer<String, BankSignal> producer, String topic, Duration timeout) {
      this.producer = producer;
      this.topic = topic;
      this.timeout = timeout;
    }

    /** Adds or replaces an entry. */
    public void put(BankSignal entry) {
      producer.send(new ProducerRecord<>(topic, BankKeys.keyOf(entry), entry));
      inTransaction++;
    }

    /** Removes the entry of {@code key} (a tombstone). */
    public void remove(String key) {
      producer.send(new ProducerRecord<>(topic, key, null));
      inTransaction++;
    }

    /** Records sent in the open transaction. */
    public long pending() {
      return inTransaction;
    }

    /** Commits what was sent, and opens the next transaction. */
    public void commit() {
      producer.commitTransaction();
      inTransaction = 0;
      producer.beginTransaction();
    }

    /** Aborts the open transaction: nothing of it becomes visible to committed readers. */
    public void abort() {
      producer.abortTransaction();
      inTransaction = 0;
      producer.beginTransaction();
    }

    /** Aborts the open transaction (commit first what must stay) and closes. */
    @Override
    public void close() {
      try {
        producer.abortTransaction();
      } finally {
        producer.close(timeout);
      }
    }
  }
}
