package io.hashstream.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of every partition of one topic, from the beginning, on its own
 * thread: what a downstream consumer of the job sees. Counts records, records when they became
 * visible ({@link OutputCurve}) and hands each one, with the wall-clock time it was received, to a
 * handler. The fetch wait bounds how late a record can be seen after it became readable when the
 * broker does not answer a waiting fetch at once (short for latency, longer for counting, which
 * costs the broker less).
 */
public final class TopicWatcher implements AutoCloseable {
  /** Called on the watcher's thread for each record. */
  @FunctionalInterface
  public interface Handler {
    void accept(ConsumerRecord<byte[], byte[]> record, long receivedMillis);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Handler handler;
  private final OutputCurve curve = new OutputCurve();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private long count;

  /** @param client addresses and security settings (the platform's {@code kafkaProperties()}) */
  TopicWatcher(Map<String, Object> client, String topic, Handler handler, int fetchMaxWaitMs) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watcher-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchMaxWaitMs));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.handler = handler == null ? (r, t) -> {} : handler;
    this.thread = new Thread(this::run, "bench-watch-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        long millis = System.currentTimeMillis();
        long nanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          handler.accept(r, millis);
        }
        count += records.count();
        curve.add(nanos, count);
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Records seen so far. */
  public long count() {
    check();
    return curve.count();
  }

  /** When the records became visible. */
  public OutputCurve curve() {
    return curve;
  }

  /** Throws if the consumer thread failed. */
  public void check() {
    if (failure != null) {
      throw new IllegalStateException("watcher failed: " + failure, failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
