package io.hashstream.flink.job;

import io.hashstream.flink.model.ModelReference;
import io.hashstream.model.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.util.TimeUtils;

/**
 * The job's settings: the defaults in {@code hashstream-job.properties} (on the classpath, every
 * key documented there), overridden by a user's file and then by explicit overrides. The one place
 * settings are strings; the job reads typed getters.
 *
 * <p>Immutable and serializable (functions carry it to the TaskManagers).
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The classpath resource with the documented defaults. */
  public static final String DEFAULTS_RESOURCE = "/hashstream-job.properties";

  private final TreeMap<String, String> values;

  private JobConfig(TreeMap<String, String> values) {
    this.values = values;
  }

  /** The documented defaults. */
  public static JobConfig defaults() {
    Properties p = new Properties();
    try (InputStream in = JobConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeMap<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
    return new JobConfig(map);
  }

  /**
   * The defaults overridden by a properties file.
   *
   * @throws IllegalArgumentException naming the first unknown key (a typo would otherwise be
   *     silently ignored)
   */
  public static JobConfig load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read job configuration " + file, e);
    }
    Map<String, String> overrides = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> overrides.put(k, p.getProperty(k).trim()));
    return defaults().with(overrides);
  }

  /** A copy with some settings replaced; unknown keys are refused. */
  public JobConfig with(Map<String, String> overrides) {
    TreeMap<String, String> map = new TreeMap<>(values);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!map.containsKey(e.getKey()) && !isClientProperty(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown job setting '" + e.getKey() + "'; the settings are listed in "
                + "flink-jobs/src/main/resources" + DEFAULTS_RESOURCE);
      }
      map.put(e.getKey(), e.getValue());
    }
    JobConfig config = new JobConfig(map);
    config.validate();
    return config;
  }

  private static final String CONSUMER_PREFIX = "kafka.consumer.";
  private static final String PRODUCER_PREFIX = "kafka.producer.";

  private static boolean isClientProperty(String key) {
    return (key.startsWith(CONSUMER_PREFIX) && key.length() > CONSUMER_PREFIX.length())
        || (key.startsWith(PRODUCER_PREFIX) && key.length() > PRODUCER_PREFIX.length());
  }

  /** Kafka consumer properties for the job's sources ({@code kafka.consumer.*}, prefix removed). */
  public Map<String, String> consumerProperties() {
    return withPrefix(CONSUMER_PREFIX);
  }

  /** Kafka producer properties for the job's sinks ({@code kafka.producer.*}, prefix removed). */
  public Map<String, String> producerProperties() {
    return withPrefix(PRODUCER_PREFIX);
  }

  private Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** A copy with one setting replaced. */
  public JobConfig with(String key, String value) {
    return with(Map.of(key, value));
  }

  /**
   * A copy whose topics, consumer group and transactional ids all end in {@code -suffix}: jobs
   * that share one Kafka (tests, benchmarks, side-by-side deployments) never see each other's
   * records or fence each other's transactions.
   */
  public JobConfig isolated(String suffix) {
    Map<String, String> renamed = new TreeMap<>();
    for (String key : List.of("topic.images", "topic.hash-codes", "topic.near-duplicates",
        "topic.control", "topic.dead-letters", "kafka.group-id", "kafka.transactional-id-prefix")) {
      renamed.put(key, get(key) + "-" + suffix);
    }
    return with(renamed);
  }

  /** Every setting, sorted by key (for logs and reports). */
  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  private void validate() {
    positive("job.parallelism", parallelism());
    positive("ingest.max-record-bytes", maxRecordBytes());
    positive("ingest.max-image-bytes", maxImageBytes());
    positive("inference.batch.max-images", batchMaxImages());
    positive("inference.batch.max-embeddings", batchMaxEmbeddings());
    positive("inference.capacity", inferenceCapacity());
    positive("index.max-matches", maxMatches());
    if (radius() < 0) {
      throw new IllegalArgumentException("index.radius must be >= 0, got " + radius());
    }
    if (inferenceThreads() < 0) {
      throw new IllegalArgumentException("inference.threads must be >= 0");
    }
    device();
    batchMaxWait();
    inferenceTimeout();
    checkpointInterval();
    changelog();
    materializationInterval();
    positive("swap.rehash-slice", rehashSlice().toMillis());
    positive("swap.rehash-pause", rehashPause().toMillis());
    startingOffsetsEarliest();
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }

  String get(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("no setting " + key);
    }
    return v;
  }

  private int intOf(String key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + get(key) + "'");
    }
  }

  private boolean booleanOf(String key) {
    String v = get(key);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  private Duration durationOf(String key) {
    try {
      return TimeUtils.parseDuration(get(key));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 5ms or 2s, got '" + get(key) + "'");
    }
  }

  public String bootstrapServers() {
    return get("kafka.bootstrap-servers");
  }

  public String registryUrl() {
    return get("registry.url");
  }

  public String groupId() {
    return get("kafka.group-id");
  }

  public String transactionalIdPrefix() {
    return get("kafka.transactional-id-prefix");
  }

  public Duration rehashSlice() {
    return durationOf("swap.rehash-slice");
  }

  public Duration rehashPause() {
    return durationOf("swap.rehash-pause");
  }

  /** Whether checkpoints log state changes (Flink's changelog backend) on top of RocksDB. */
  public boolean changelog() {
    return booleanOf("checkpoint.changelog");
  }

  public Duration materializationInterval() {
    return durationOf("checkpoint.materialization-interval");
  }

  /** Where the state-change log goes: beside the checkpoints, on the same durable file system. */
  public String changelogDir() {
    String dir = checkpointDir();
    return (dir.endsWith("/") ? dir : dir + "/") + "changelog";
  }

  public boolean startingOffsetsEarliest() {
    String v = get("kafka.starting-offsets");
    if (!v.equals("earliest") && !v.equals("latest")) {
      throw new IllegalArgumentException("kafka.starting-offsets must be earliest or latest");
    }
    return v.equals("earliest");
  }

  public String imagesTopic() {
    return get("topic.images");
  }

  public String hashCodesTopic() {
    return get("topic.hash-codes");
  }

  public String nearDuplicatesTopic() {
    return get("topic.near-duplicates");
  }

  public String controlTopic() {
    return get("topic.control");
  }

  public String deadLettersTopic() {
    return get("topic.dead-letters");
  }

  public int parallelism() {
    return intOf("job.parallelism");
  }

  public Duration checkpointInterval() {
    return durationOf("checkpoint.interval");
  }

  /** The checkpoint directory as a URI; the default is under the user's state directory. */
  public String checkpointDir() {
    String v = get("checkpoint.dir");
    if (!v.isEmpty()) {
      return v;
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "hashstream", "checkpoints")
        .toUri()
        .toString();
  }

  public int maxRecordBytes() {
    return intOf("ingest.max-record-bytes");
  }

  public int maxImageBytes() {
    return intOf("ingest.max-image-bytes");
  }

  public int batchMaxImages() {
    return intOf("inference.batch.max-images");
  }

  public int batchMaxEmbeddings() {
    return intOf("inference.batch.max-embeddings");
  }

  public Duration batchMaxWait() {
    return durationOf("inference.batch.max-wait");
  }

  public int inferenceCapacity() {
    return intOf("inference.capacity");
  }

  public Duration inferenceTimeout() {
    return durationOf("inference.timeout");
  }

  /** {@code auto}, {@code cpu} or {@code gpu}. */
  public String device() {
    String v = get("inference.device");
    if (!v.equals("auto") && !v.equals("cpu") && !v.equals("gpu")) {
      throw new IllegalArgumentException("inference.device must be auto, cpu or gpu, got '" + v + "'");
    }
    return v;
  }

  /** Engine threads per TaskManager; 0 means one per core. */
  public int inferenceThreads() {
    return intOf("inference.threads");
  }

  public int radius() {
    return intOf("index.radius");
  }

  public int maxMatches() {
    return intOf("index.max-matches");
  }

  /**
   * The model the job starts with when its state names none. Cost: reads the artifact once (its
   * header fields are part of the reference).
   */
  public ModelReference initialModel() {
    String uri = get("model.initial");
    if (uri.equals("default")) {
      return ModelReference.ofDefault();
    }
    String sha = get("model.initial.sha256");
    if (!uri.contains(":")) {
      uri = Path.of(uri).toAbsolutePath().toUri().toString();
    }
    if (!uri.startsWith("file:")) {
      if (sha.isEmpty()) {
        throw new IllegalArgumentException("model.initial.sha256 is required for " + uri);
      }
      throw new IllegalArgumentException(
          "model.initial must be 'default' or a local file; publish other models on the control topic");
    }
    Path file = Path.of(java.net.URI.create(uri));
    ModelArtifact artifact = ModelArtifact.read(file);
    String actual = ModelArtifact.fileSha256(file);
    if (!sha.isEmpty() && !sha.equalsIgnoreCase(actual)) {
      throw new IllegalArgumentException(
          "model.initial " + file + " has sha256 " + actual + ", model.initial.sha256 says " + sha);
    }
    return new ModelReference(
        artifact.version().id(),
        artifact.codeLength().bits(),
        artifact.encoderId(),
        artifact.embeddingSize(),
        uri,
        actual);
  }

  @Override
  public String toString() {
    return "JobConfig" + values;
  }
}
