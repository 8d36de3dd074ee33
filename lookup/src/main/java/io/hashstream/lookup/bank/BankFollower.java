package io.hashstream.lookup.bank;

import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.WireFormatException;
import io.hashstream.schemas.security.ClientConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted {@code bank-signals} topic into a {@link BankTable}: from the beginning
 * (every partition, read committed, no consumer group), then follows it, so an entry added or
 * removed is in effect here within a poll. {@link #awaitCaughtUp} waits until the table holds
 * everything the topic held when the follower started; the look-up API answers 503 before.
 *
 * <p>A record the table refuses (undecodable, or against the rules of {@code BankKeys}) is skipped
 * and counted ({@link #skipped()}): the streaming job dead-letters the same records once, with the
 * reason. An unreachable registry is retried from the same offset.
 *
 * <p>One thread of its own; {@link #close} stops it.
 */
public final class BankFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BankFollower.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final RegistryAvroCodec<BankSignal> codec;
  private final BankTable table;
  private final String topic;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private BankFollower(
      KafkaConsumer<byte[], byte[]> consumer, RegistryAvroCodec<BankSignal> codec, BankTable table,
      String topic) {
    this.consumer = consumer;
    this.codec = codec;
    this.table = table;
    this.topic = topic;
    this.thread = new Thread(this::run, "bank-follower");
    this.thread.setDaemon(true);
  }

  /** Starts following {@code topic} into {@code table}. */
  public static BankFollower start(ClientConnection kafka, String topic, BankTable table) {
    Map<String, Object> config = kafka.kafkaProperties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    BankFollower f =
        new BankFollower(consumer, new RegistryAvroCodec<>(kafka.schemaRegistry(), BankSignal.class), table, topic);
    f.thread.start();
    return f;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (!apply(r)) {
            consumer.seek(new TopicPartition(r.topic(), r.partition()), r.offset());
            Thread.sleep(RETRY_PAUSE.toMillis()); // the registry is down: retry this record soon
            break;
          }
        }
        if (caughtUp.getCount() > 0
            && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          LOG.info("banks loaded: {} records applied, {} skipped", applied.get(), skipped.get());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("bank follower stopped", e);
    } finally {
      consumer.close();
    }
  }

  /** Applies one record; false if it must be read again (the registry did not answer). */
  private boolean apply(ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    try {
      if (key == null) {
        throw new IllegalArgumentException("no key");
      }
      table.apply(key, r.value() == null ? null : codec.decode(r.value()));
      applied.incrementAndGet();
    } catch (WireFormatException e) {
      if (e.isTransient()) {
        return false;
      }
      skip(r, key, e.getMessage());
    } catch (IllegalArgumentException e) {
      skip(r, key, e.getMessage());
    }
    return true;
  }

  private void skip(ConsumerRecord<byte[], byte[]> r, String key, String why) {
    skipped.incrementAndGet();
    LOG.warn("skipped {}-{}@{} (key {}): {}", r.topic(), r.partition(), r.offset(), key, why);
  }

  /**
   * Waits until the table holds what the topic held when following started.
   *
   * @return whether it did within {@code timeout}
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the table holds what the topic held when following started. */
  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Records skipped because they were not valid bank entries. */
  public long skipped() {
    return skipped.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
