package io.hashstream.bench.pipeline;

import io.hashstream.cluster.ClusterRest;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.HashstreamJob;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.kafka.JobTopics;
import io.hashstream.flink.local.RemoteJob;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformSecurity;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.SchemaRegistry;
import io.hashstream.schemas.security.ModelSigning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run of the real streaming job for a benchmark phase: its own topics on the embedded
 * platform (suffixed with a run id), the job on a local MiniCluster configured by {@link
 * HashstreamJob#flinkConfiguration} exactly as shipped (plus the metric reporter of {@link
 * CapturedMetrics}) or, with {@link #submitTo}, on a session cluster as its jar, a producer for
 * uploads and control messages, and {@link TopicWatcher}s for its outputs. {@link #close} cancels
 * the job and deletes the topics and checkpoints (a 1M-item run leaves gigabytes behind otherwise).
 */
public final class JobRun implements AutoCloseable {
  final EmbeddedPlatform platform;
  final JobConfig config;
  final String run;
  private final Path dir;
  private final SchemaRegistry registry;
  private final RegistryAvroCodec<ImageEvent> images;
  private final RegistryAvroCodec<ModelUpdate> updates;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicReference<Exception> firstSendFailure = new AtomicReference<>();
  private final List<TopicWatcher> watchers = new ArrayList<>();
  private final Map<String, String> flinkOverrides;
  private JobClient job;
  private ClusterRest cluster; // set when the job runs on a session cluster
  private String clusterJobId;
  /** Signs the PREPAREs this run sends; the job trusts its public key. */
  private final KeyPair signing;

  private JobRun(EmbeddedPlatform platform, JobConfig config, String run, Path dir, int lingerMs,
      Map<String, String> flinkOverrides, KeyPair signing) {
    this.platform = platform;
    this.signing = signing;
    this.flinkOverrides = Map.copyOf(flinkOverrides);
    this.config = config;
    this.run = run;
    this.dir = dir;
    this.registry = platform.schemaRegistry();
    this.images = new RegistryAvroCodec<>(registry, ImageEvent.class);
    this.updates = new RegistryAvroCodec<>(registry, ModelUpdate.class);
    Properties p = new Properties();
    p.putAll(platform.clientConfig());
    p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L << 20));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
    // the broker shares this machine's disk with RocksDB and the checkpoints; after a large phase
    // it has stalled writes for over the default 2 minutes (a prefill then lost records and the
    // phase failed), so the load generator waits longer instead
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(10 * 60_000));
    // one batch in flight per connection: right after a topic is created the broker has answered
    // NOT_LEADER_OR_FOLLOWER to a first batch while later ones were written, and the idempotent
    // producer then retried the first one with OUT_OF_ORDER_SEQUENCE_NUMBER for ever
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Creates the run's topics and configuration; the job starts with {@link #start}.
   *
   * @param label names the run in topics and logs
   * @param work a directory for checkpoints
   * @param lingerMs the upload producer's {@code linger.ms}
   * @param overrides job settings (hashstream-job.properties keys) on top of the run's own
   * @param flinkOverrides Flink options on top of {@link HashstreamJob#flinkConfiguration}
   */
  public static JobRun create(
      EmbeddedPlatform platform, Path work, String label, int parallelism, int lingerMs,
      Map<String, String> overrides, Map<String, String> flinkOverrides) throws Exception {
    String run = label + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    Path dir = Files.createDirectories(work.resolve(run));
    Map<String, String> settings = new HashMap<>();
    settings.put("kafka.bootstrap-servers", platform.bootstrapServers());
    settings.put("registry.url", platform.registryUrl());
    if (platform.security().enabled()) {
      Path clientConfig = dir.resolve("client.properties");
      platform.clientSecurity(PlatformSecurity.CLIENT).store(clientConfig);
      settings.put("client.config", clientConfig.toString());
    }
    settings.put("checkpoint.dir", dir.resolve("checkpoints").toUri().toString());
    settings.put("job.parallelism", String.valueOf(parallelism));
    // model updates: signed with a key made for this run, artifacts from its own folder
    KeyPair signing = ModelSigning.generateKeyPair();
    ModelSigning.writePublicKey(dir.resolve("model-signing.pub"), signing.getPublic());
    settings.put("model.trusted-keys", dir.resolve("model-signing.pub").toString());
    settings.put("model.artifact-locations", dir.toUri().toString());
    JobConfig config = JobConfig.defaults().with(settings).isolated("bench-" + run).with(overrides);
    try (var admin = platform.admin()) {
      JobTopics.create(admin, config, Duration.ofSeconds(60));
    }
    awaitLeaders(platform, config.topics().all(), Duration.ofSeconds(60));
    return new JobRun(platform, config, run, dir, lingerMs, flinkOverrides, signing);
  }

  /** Returns once every partition of the topics answers from its leader (a new topic's may not yet). */
  private static void awaitLeaders(EmbeddedPlatform platform, Collection<String> topics, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        platform.clientConnection().kafkaProperties(),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic, timeout)
            .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
      consumer.endOffsets(partitions, timeout); // a ListOffsets request to each partition's leader
    }
  }

  /**
   * Starts the job on a MiniCluster in this JVM (returns once it is submitted; tasks start in the
   * background).
   */
  public void start() throws Exception {
    CapturedMetrics.clear();
    Configuration conf = HashstreamJob.flinkConfiguration(config);
    CapturedMetrics.flinkSettings().forEach(conf::setString);
    conf.setString("rest.bind-address", "127.0.0.1");
    conf.setString("rest.bind-port", "0"); // never collide with another MiniCluster on 8081
    flinkOverrides.forEach(conf::setString);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(config.parallelism());
    HashstreamJob.addTo(env, config);
    job = env.executeAsync("bench-pipeline-" + run);
  }

  /**
   * Submits the job to a session cluster's REST API as its jar ({@link RemoteJob}), as {@code
   * ./hashstream job --cluster} does, instead of starting a MiniCluster here; returns the job id
   * once the cluster has accepted it (tasks start in the background). Called again after a stop
   * with a savepoint, it submits the same job restored from it.
   *
   * @param restoreFrom a savepoint or checkpoint to resume from, or null for empty state
   */
  public String submitTo(String host, int restPort, Path jobJar, Path restoreFrom) throws Exception {
    if (job != null) {
      throw new IllegalStateException("job " + run + " already runs on a MiniCluster");
    }
    cluster = new ClusterRest(host + ":" + restPort);
    clusterJobId = RemoteJob.submit(config, host, restPort, jobJar, restoreFrom);
    return clusterJobId;
  }

  boolean started() {
    return job != null || clusterJobId != null;
  }

  /** The job's status; fails the benchmark if the job failed. */
  public JobStatus status() throws Exception {
    JobStatus s = clusterJobId != null ? JobStatus.valueOf(cluster.state(clusterJobId))
        : job.getJobStatus().get(30, TimeUnit.SECONDS);
    if (s == JobStatus.FAILED || s == JobStatus.CANCELED) {
      throw new IllegalStateException("job " + run + " is " + s);
    }
    return s;
  }

  /** An upload with a precomputed embedding of the bundled encoder, uploaded now. */
  public static ImageEvent uploadWithEmbedding(String tenant, String imageId, float[] embedding) {
    return ImageEvent.newBuilder().setTenant(tenant).setImageId(imageId).setUploadedAt(Instant.now())
        .setEmbedding(EmbeddingVectors.of(BundledEncoder.ENCODER_ID, embedding))
        .build();
  }

  /** Sends an upload (asynchronously), keyed tenant/imageId. */
  public void send(ImageEvent event) {
    byte[] key = (event.getTenant() + "/" + event.getImageId()).getBytes(StandardCharsets.UTF_8);
    byte[] value = images.encode(Topic.IMAGES.valueSubject(), event);
    producer.send(new ProducerRecord<>(config.topics().images(), key, value), (m, e) -> {
      if (e != null) {
        sendFailures.incrementAndGet();
        firstSendFailure.compareAndSet(null, e);
      }
    });
  }

  /** Sends a control message and waits until the broker has it. */
  void sendControl(ModelUpdate update) throws Exception {
    if (update.getStage() != SwapStage.ACTIVATE) {
      update = ModelSigning.sign(update, signing.getPrivate(), signing.getPublic());
    }
    producer.send(new ProducerRecord<>(config.topics().control(),
        update.getVersion().getBytes(StandardCharsets.UTF_8),
        updates.encode(Topic.HASHCODER_CONTROL.valueSubject(), update))).get(30, TimeUnit.SECONDS);
  }

  /** Waits until every upload sent so far is on the broker; fails if any could not be sent. */
  public void flush() {
    producer.flush();
    if (sendFailures.get() > 0) {
      throw new IllegalStateException(
          sendFailures.get() + " uploads could not be sent: " + firstSendFailure.get(), firstSendFailure.get());
    }
  }

  /** A watcher of one of the run's topics (100 ms fetch wait); closed with the run. */
  public TopicWatcher watch(String topic, TopicWatcher.Handler handler) {
    return watch(topic, handler, 100);
  }

  /** A watcher of one of the run's topics; closed with the run. */
  public TopicWatcher watch(String topic, TopicWatcher.Handler handler, int fetchMaxWaitMs) {
    TopicWatcher w = new TopicWatcher(platform.clientConnection().kafkaProperties(), topic, handler, fetchMaxWaitMs);
    watchers.add(w);
    return w;
  }

  /** Records committed on a topic now: read from the beginning until nothing new for 2 s. */
  public long countNow(String topic) throws InterruptedException {
    TopicWatcher w = new TopicWatcher(platform.clientConnection().kafkaProperties(), topic, null, 100);
    try {
      long last = -1;
      long stableSince = System.nanoTime();
      while (System.nanoTime() - stableSince < 2_000_000_000L) {
        long c = w.count();
        if (c != last) {
          last = c;
          stableSince = System.nanoTime();
        }
        Thread.sleep(100);
      }
      return last;
    } finally {
      w.close();
    }
  }

  /** A codec of the run's registry, to read the records its watchers hand over. */
  public <T extends org.apache.avro.specific.SpecificRecord> RegistryAvroCodec<T> codec(Class<T> type) {
    return new RegistryAvroCodec<>(registry, type);
  }

  /** The run's directory (checkpoints; savepoints and artifacts a phase puts there). */
  public Path dir() {
    return dir;
  }

  /** The job's settings. */
  public JobConfig config() {
    return config;
  }

  /** The run's id (its label and a random suffix; in topic names and logs). */
  public String run() {
    return run;
  }

  @Override
  public void close() throws Exception {
    producer.close();
    if (clusterJobId != null) {
      try {
        cluster.cancel(clusterJobId);
      } catch (Exception e) {
        System.out.println("  (cancelling job " + run + " on the cluster: " + e + ")");
      }
    }
    if (job != null) {
      try {
        // the local executor shuts its MiniCluster down once the job is cancelled
        job.cancel().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.out.println("  (cancelling job " + run + ": " + e + ")");
      }
    }
    for (TopicWatcher w : watchers) {
      w.close();
    }
    try (var admin = platform.admin()) {
      admin.deleteTopics(config.topics().all()).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.out.println("  (deleting topics of " + run + ": " + e + ")");
    }
    deleteRecursively(dir);
  }

  /** Deletes a directory tree; says so, and goes on, if it cannot. */
  public static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.out.println("  (cannot delete " + root + ": " + e + ")");
    }
  }
}
