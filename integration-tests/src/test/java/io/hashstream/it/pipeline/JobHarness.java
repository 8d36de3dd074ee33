package io.hashstream.it.pipeline;

import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.job.HashstreamJob;
import io.hashstream.flink.job.JobConfig;
import io.hashstream.flink.job.JobTopics;
import io.hashstream.it.platform.TopicReader;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The real streaming job, running: its own topics on the embedded platform, the job on a local
 * MiniCluster (parallelism 2, RocksDB, checkpoints every 300 ms), a producer for uploads and
 * control messages, and read_committed readers of its outputs. Tests wait on data, never on the
 * clock.
 */
final class JobHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(120);

  final EmbeddedPlatform platform;
  final JobConfig config;
  private final KafkaProducer<byte[], byte[]> producer;
  private final JobClient job;

  private JobHarness(EmbeddedPlatform platform, JobConfig config, JobClient job) {
    this.platform = platform;
    this.config = config;
    this.job = job;
    this.producer =
        new KafkaProducer<>(platform.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static JobHarness start(
      EmbeddedPlatform platform, Path checkpoints, Map<String, String> overrides,
      UnaryOperator<DataStream<HashedUpload>> beforeMatch) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>();
    settings.put("kafka.bootstrap-servers", platform.bootstrapServers());
    settings.put("registry.url", platform.registryUrl());
    settings.put("checkpoint.dir", checkpoints.toUri().toString());
    settings.put("checkpoint.interval", "300ms");
    JobConfig config = JobConfig.defaults().with(settings).isolated("it-" + run).with(overrides);
    try (var admin = platform.admin()) {
      JobTopics.create(admin, config, Duration.ofSeconds(60));
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(HashstreamJob.flinkConfiguration(config));
    env.setParallelism(config.parallelism());
    HashstreamJob.of(config).beforeMatch(beforeMatch).addTo(env);
    JobClient client = env.executeAsync("hashstream-it-" + run);
    return new JobHarness(platform, config, client);
  }

  /** Sends an upload, keyed tenant/imageId like every producer should. */
  void send(ImageEvent event) {
    sendRaw(config.imagesTopic(), key(event.getTenant(), event.getImageId()),
        codec(ImageEvent.class).encode(Topic.IMAGES.valueSubject(), event));
  }

  void sendControl(ModelUpdate update) {
    sendRaw(config.controlTopic(), update.getVersion().getBytes(StandardCharsets.UTF_8),
        codec(ModelUpdate.class).encode(Topic.HASHCODER_CONTROL.valueSubject(), update));
  }

  void sendRaw(String topic, byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
    producer.flush();
  }

  List<HashCode> awaitCodes(Predicate<HashCode> wanted, int count) {
    return await(config.hashCodesTopic(), HashCode.class, wanted, count);
  }

  List<NearDuplicate> awaitAlerts(int count) {
    return await(config.nearDuplicatesTopic(), NearDuplicate.class, r -> true, count);
  }

  List<DeadLetter> awaitDeadLetters(int count) {
    return await(config.deadLettersTopic(), DeadLetter.class, r -> true, count);
  }

  List<ModelUpdate> awaitControl(Predicate<ModelUpdate> wanted, int count) {
    return await(config.controlTopic(), ModelUpdate.class, wanted, count);
  }

  /**
   * Everything committed on a topic, read until {@code quiet} passes with nothing new: what a test
   * uses after the expected records have arrived, to see any extra (duplicate) record.
   */
  <T extends SpecificRecordBase> List<T> readAll(String topic, Class<T> type, Duration quiet) {
    Properties props = new Properties();
    props.putAll(TopicReader.consumerConfig(platform.bootstrapServers()));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    RegistryAvroDeserializer<T> values = new RegistryAvroDeserializer<>(codec(type));
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], T> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < quiet.toNanos()) {
        for (ConsumerRecord<byte[], T> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
          quietSince = System.nanoTime();
        }
      }
    }
    return out;
  }

  private <T extends SpecificRecordBase> List<T> await(
      String topic, Class<T> type, Predicate<T> wanted, int count) {
    RegistryAvroDeserializer<T> strict = new RegistryAvroDeserializer<>(codec(type));
    // tests also write garbage to the job's topics: skip what does not decode
    org.apache.kafka.common.serialization.Deserializer<T> values =
        (t, data) -> {
          try {
            return strict.deserialize(t, data);
          } catch (RuntimeException e) {
            return null;
          }
        };
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], T> r :
        TopicReader.await(platform.bootstrapServers(), topic, new ByteArrayDeserializer(), values,
            r -> r.value() != null && wanted.test(r.value()), count, WAIT)) {
      out.add(r.value());
    }
    return out;
  }

  private <T extends SpecificRecordBase> RegistryAvroCodec<T> codec(Class<T> type) {
    return new RegistryAvroCodec<>(platform.schemaRegistry(), type);
  }

  static byte[] key(String tenant, String imageId) {
    return (tenant + "/" + imageId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    producer.close();
    job.cancel().get();
  }
}
