package io.hashstream.it.pipeline;

import io.hashstream.flink.HashstreamJob;
import io.hashstream.flink.HashstreamPipeline;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.kafka.JobTopics;
import io.hashstream.flink.kafka.KafkaSinks;
import io.hashstream.flink.kafka.KafkaSources;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RawKafkaRecordDeserializationSchema;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.SwapClock;
import io.hashstream.it.platform.TopicReader;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.SwapStage;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.security.ModelSigning;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.RegistrySupplier;
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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.NewTopic;
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

  private final String ticksTopic;

  /** Signs this harness's PREPAREs: the key the job trusts ({@code model.trusted-keys}). */
  private final java.security.PrivateKey signingKey;
  private final java.security.PublicKey signingPublicKey;

  private JobHarness(EmbeddedPlatform platform, JobConfig config, JobClient job, String ticksTopic) {
    this.platform = platform;
    this.config = config;
    this.job = job;
    this.ticksTopic = ticksTopic;
    Path keys = Path.of(config.asMap().get("model.trusted-keys"));
    this.signingPublicKey = ModelSigning.readPublicKey(keys);
    this.signingKey = ModelSigning.readPrivateKey(keys.resolveSibling("model-signing.key"));
    this.producer =
        new KafkaProducer<>(platform.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * How a test wires the job: the production wiring has no step before ingest and the job's own
   * ticker.
   *
   * @param beforeIngest a step on the raw uploads before the job sees them (fault injection)
   * @param manualTicks ticks come from a topic the test writes to ({@link #tick()}), so a swap's
   *     re-hash advances only when the test says so
   * @param platformTopics the job reads and writes the platform's own topics (the names of {@code
   *     Topic}, which the moderation service and outside clients use) instead of its own; only one
   *     test may do so
   */
  record Wiring(
      UnaryOperator<DataStream<RawKafkaRecord>> beforeIngest, boolean manualTicks,
      boolean platformTopics) {
    static final Wiring PRODUCTION = new Wiring(UnaryOperator.identity(), false, false);
    static final Wiring ON_PLATFORM_TOPICS = new Wiring(UnaryOperator.identity(), false, true);

    Wiring(UnaryOperator<DataStream<RawKafkaRecord>> beforeIngest, boolean manualTicks) {
      this(beforeIngest, manualTicks, false);
    }
  }

  static JobHarness start(EmbeddedPlatform platform, Path checkpoints, Map<String, String> overrides)
      throws Exception {
    return start(platform, checkpoints, overrides, Wiring.PRODUCTION);
  }

  static JobHarness start(
      EmbeddedPlatform platform, Path checkpoints, Map<String, String> overrides, Wiring wiring)
      throws Exception {
    return start(platform, checkpoints, overrides, wiring, true);
  }

  /**
   * The job on the platform's own topics ({@code images}, {@code near-duplicates}, ...), the ones
   * the moderation service reads, with a consumer group and transactional ids of its own: for a
   * test that runs the whole system on a platform no other test writes uploads to.
   */
  static JobHarness startOnPlatformTopics(
      EmbeddedPlatform platform, Path checkpoints, Map<String, String> overrides) throws Exception {
    return start(platform, checkpoints, overrides, Wiring.PRODUCTION, false);
  }

  private static JobHarness start(
      EmbeddedPlatform platform, Path checkpoints, Map<String, String> overrides, Wiring wiring,
      boolean isolatedTopics) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    isolatedTopics = isolatedTopics && !wiring.platformTopics();
    JobConfig config = jobConfig(platform, checkpoints, run, isolatedTopics).with(overrides);
    String ticksTopic = "ticks-it-" + run;
    try (var admin = platform.admin()) {
      if (isolatedTopics) {
        JobTopics.create(admin, config, Duration.ofSeconds(60));
      }
      if (wiring.manualTicks()) {
        admin.createTopics(List.of(new NewTopic(ticksTopic, 1, (short) 1))).all().get();
      }
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(HashstreamJob.flinkConfiguration(config));
    env.setParallelism(config.parallelism());
    RegistrySupplier registry = config.registry();
    DataStream<ControlMessage> ticks = wiring.manualTicks()
        ? manualTicks(env, config.with("topic.control", ticksTopic))
        : HashstreamJob.ticks(env, config);
    HashstreamPipeline.build(config, ModelReference.initial(config.initialModel(), config.initialModelSha256()), registry,
        wiring.beforeIngest().apply(KafkaSources.images(env, config)),
        KafkaSources.control(env, config), ticks, KafkaSources.bankSignals(env, config),
        KafkaSinks.of(config, registry),
        SwapClock.system());
    JobClient client = env.executeAsync("hashstream-it-" + run);
    return new JobHarness(platform, config, client, ticksTopic);
  }

  /**
   * The IO side alone (producer, read_committed readers) for a job that runs elsewhere, e.g. in a
   * child process started on {@code config}; its topics are created here.
   */
  static JobHarness withoutJob(EmbeddedPlatform platform, Path checkpoints) throws Exception {
    JobConfig config = isolatedConfig(platform, checkpoints, UUID.randomUUID().toString().substring(0, 8));
    try (var admin = platform.admin()) {
      JobTopics.create(admin, config, Duration.ofSeconds(60));
    }
    return new JobHarness(platform, config, null, null);
  }

  /** Settings of a job of its own on the platform: renamed topics, checkpoints every 300 ms. */
  private static JobConfig isolatedConfig(EmbeddedPlatform platform, Path checkpoints, String run)
      throws java.io.IOException {
    return jobConfig(platform, checkpoints, run, true);
  }

  /**
   * Settings of a job on the platform, with its security settings (from a file, as in production)
   * when the platform is secured, checkpoints every 300 ms, and its own topics or the platform's
   * (then with a consumer group and transactional ids of its own).
   */
  private static JobConfig jobConfig(
      EmbeddedPlatform platform, Path checkpoints, String run, boolean isolatedTopics)
      throws java.io.IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put("kafka.bootstrap-servers", platform.bootstrapServers());
    settings.put("registry.url", platform.registryUrl());
    if (platform.security().enabled()) {
      Path clientConfig = java.nio.file.Files.createDirectories(checkpoints).resolve("client-" + run + ".properties");
      platform.clientConnection().security().store(clientConfig);
      settings.put("client.config", clientConfig.toString());
    }
    settings.put("checkpoint.dir", checkpoints.toUri().toString());
    settings.put("checkpoint.interval", "300ms");
    // model updates: signed with a key made for this job, artifacts from the test's own folder
    Path testDir = checkpoints.toAbsolutePath().getParent();
    Path keys = java.nio.file.Files.createDirectories(testDir.resolve("signing-" + run));
    java.security.KeyPair pair = ModelSigning.generateKeyPair();
    ModelSigning.writePrivateKey(keys.resolve("model-signing.key"), pair.getPrivate());
    ModelSigning.writePublicKey(keys.resolve("model-signing.pub"), pair.getPublic());
    settings.put("model.trusted-keys", keys.resolve("model-signing.pub").toString());
    settings.put("model.artifact-locations", testDir.toUri().toString());
    if (!isolatedTopics) {
      settings.put("kafka.group-id", "hashstream-job-it-" + run);
      settings.put("kafka.transactional-id-prefix", "hashstream-job-it-" + run);
    }
    JobConfig base = JobConfig.defaults().with(settings);
    return isolatedTopics ? base.isolated("it-" + run) : base;
  }

  /** Every record on the ticks topic (read like the control topic) is one tick, stamped now. */
  private static DataStream<ControlMessage> manualTicks(
      StreamExecutionEnvironment env, JobConfig readingTicks) {
    return env.fromSource(
            KafkaSource.<RawKafkaRecord>builder()
                .setProperties(properties(readingTicks.security().kafkaProperties()))
                .setBootstrapServers(readingTicks.bootstrapServers())
                .setTopics(readingTicks.topics().control())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawKafkaRecordDeserializationSchema())
                .build(),
            WatermarkStrategy.noWatermarks(), "manual-ticks")
        .uid("manual-ticks")
        .setParallelism(1)
        .map(r -> ControlMessage.tick(System.currentTimeMillis()))
        .returns(TypeInformation.of(ControlMessage.class))
        .uid("manual-ticks-map")
        .setParallelism(1);
  }

  /** Sends one tick (only with {@link Wiring#manualTicks()}): the next slice of a running re-hash. */
  void tick() {
    sendRaw(ticksTopic, null, new byte[] {1});
  }

  /** Sends an upload, keyed tenant/imageId like every producer should. */
  void send(ImageEvent event) {
    sendRaw(config.topics().images(), key(event.getTenant(), event.getImageId()),
        codec(ImageEvent.class).encode(Topic.IMAGES.valueSubject(), event));
  }

  /** Sends a control message, a PREPARE signed with the key the job trusts (as publish does). */
  void sendControl(ModelUpdate update) {
    sendControlAsIs(update.getStage() == SwapStage.ACTIVATE || update.getSignature() != null
        ? update
        : signed(update));
  }

  /** {@code update} signed with the key the job trusts. */
  ModelUpdate signed(ModelUpdate update) {
    return ModelSigning.sign(update, signingKey, signingPublicKey);
  }

  /** Sends a control message exactly as given: unsigned, or signed by someone else. */
  void sendControlAsIs(ModelUpdate update) {
    sendRaw(config.topics().control(), update.getVersion().getBytes(StandardCharsets.UTF_8),
        codec(ModelUpdate.class).encode(Topic.HASHCODER_CONTROL.valueSubject(), update));
  }

  void sendRaw(String topic, byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
    producer.flush();
  }

  List<HashCode> awaitCodes(Predicate<HashCode> wanted, int count) {
    return await(config.topics().hashCodes(), HashCode.class, wanted, count);
  }

  List<NearDuplicate> awaitAlerts(int count) {
    return await(config.topics().nearDuplicates(), NearDuplicate.class, r -> true, count);
  }

  List<DeadLetter> awaitDeadLetters(int count) {
    return await(config.topics().deadLetters(), DeadLetter.class, r -> true, count);
  }

  List<BankMatch> awaitBankMatches(Predicate<BankMatch> wanted, int count) {
    return await(config.topics().bankMatches(), BankMatch.class, wanted, count);
  }

  /**
   * Waits until the job has read every record {@code bank-signals} holds now and checkpointed past
   * it: its source commits offsets to the consumer group when a checkpoint completes, so committed
   * offsets at the end offsets mean every entry was applied before that checkpoint. (Bank writes are
   * transactional: a partition ends with a commit marker, which takes an offset but is no record,
   * so the source's offset stops one short of the end.)
   */
  void awaitBankSignalsApplied() throws Exception {
    String topic = config.topics().bankSignals();
    try (var admin = platform.admin()) {
      List<TopicPartition> partitions = new ArrayList<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      partitions.forEach(p -> latest.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
      long deadline = System.nanoTime() + WAIT.toNanos();
      Map<TopicPartition, Long> committed = new HashMap<>();
      while (System.nanoTime() < deadline) {
        committed.clear();
        admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get()
            .forEach((p, o) -> {
              if (o != null && p.topic().equals(topic)) {
                committed.put(p, o.offset());
              }
            });
        if (partitions.stream().allMatch(p -> committed.getOrDefault(p, -1L) >= end.get(p) - 1)) {
          return;
        }
      }
      throw new AssertionError("the job did not read " + topic + " to " + end + " within " + WAIT
          + "; committed " + committed);
    }
  }

  List<ModelUpdate> awaitControl(Predicate<ModelUpdate> wanted, int count) {
    return await(config.topics().control(), ModelUpdate.class, wanted, count);
  }

  /**
   * Everything committed on a topic, read until {@code quiet} passes with nothing new: what a test
   * uses after the expected records have arrived, to see any extra (duplicate) record.
   */
  <T extends SpecificRecordBase> List<T> readAll(String topic, Class<T> type, Duration quiet) {
    Properties props = new Properties();
    props.putAll(TopicReader.consumerConfig(platform.clientConnection().kafkaProperties()));
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
        TopicReader.await(platform.clientConnection().kafkaProperties(), topic,
            new ByteArrayDeserializer(), values,
            r -> r.value() != null && wanted.test(r.value()), count, WAIT)) {
      out.add(r.value());
    }
    return out;
  }

  private <T extends SpecificRecordBase> RegistryAvroCodec<T> codec(Class<T> type) {
    return new RegistryAvroCodec<>(platform.schemaRegistry(), type);
  }

  private static Properties properties(Map<String, String> map) {
    Properties p = new Properties();
    p.putAll(map);
    return p;
  }

  static byte[] key(String tenant, String imageId) {
    return (tenant + "/" + imageId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    producer.close();
    if (job != null) {
      job.cancel().get();
    }
  }
}
