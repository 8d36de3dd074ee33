package io.hashstream.flink.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import io.hashstream.flink.ingest.UriPolicy;
import io.hashstream.flink.model.ModelUpdatePolicy;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.util.List;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;

/**
 * The job's settings, parsed and validated once into typed values: the documented defaults in
 * {@code hashstream-job.properties} (on the classpath; every key is described there), the topic
 * names of {@link io.hashstream.schemas.Topic}, then a user's file, then explicit overrides. An
 * unknown key, a malformed value or a value out of range is refused when the configuration is
 * built, with the key, what was expected and (for unknown keys) the list of known ones.
 *
 * <p>Immutable and serializable (functions carry it to the TaskManagers).
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 3L;

  /** The classpath resource with the documented defaults. */
  public static final String DEFAULTS_RESOURCE = "/hashstream-job.properties";

  private static final String CONSUMER_PREFIX = "kafka.consumer.";
  private static final String PRODUCER_PREFIX = "kafka.producer.";
  private static final String URI_PREFIXES = "ingest.allowed-uri-prefixes";
  private static final String TENANT_URI_PREFIXES = URI_PREFIXES + ".";
  private static final String SUBSCRIBE_PREFIX = "banks.subscribe.";

  /** Where inference runs. */
  public enum Device {
    /** The GPU when DJL sees one, else the CPU. */
    AUTO,
    /** The CPU; refused at start when a GPU is visible (see flink-jobs/README.md). */
    CPU,
    /** GPU 0; refused at start when none is visible. Untested: no machine here has a GPU. */
    GPU
  }

  /** Which of an upload's PDQ rotations/flips are looked up in the banks. */
  public enum PdqVariants {
    /** All eight: a rotated or mirrored copy of a banked image matches. */
    ALL,
    /** The hash as computed only (what HMA does): eight times fewer look-ups. */
    ORIGINAL
  }

  /** Where the job's sources start when there is no checkpoint. */
  public enum StartingOffsets {
    EARLIEST,
    LATEST
  }

  private final TreeMap<String, String> values;

  private final String bootstrapServers;
  private final String registryUrl;
  private final KafkaClientSecurity security;
  private final String groupId;
  private final String transactionalIdPrefix;
  private final StartingOffsets startingOffsets;
  private final Map<String, String> consumerProperties;
  private final Map<String, String> producerProperties;
  private final TopicNames topics;
  private final int parallelism;
  private final String endpointsBindAddress;
  private final Duration checkpointInterval;
  private final String checkpointDir;
  private final boolean changelog;
  private final Duration materializationInterval;
  private final int maxRecordBytes;
  private final int maxImageBytes;
  private final long maxImagePixels;
  private final boolean trimBorders;
  private final UriPolicy uriPolicy;
  private final int batchMaxImages;
  private final int batchMaxEmbeddings;
  private final Duration batchMaxWait;
  private final int inferenceCapacity;
  private final Duration inferenceTimeout;
  private final Device device;
  private final int inferenceThreads;
  private final String initialModel;
  private final String initialModelSha256;
  private final ModelUpdatePolicy modelUpdates;
  private final int radius;
  private final int pdqRadius;
  private final int pdqMinQuality;
  private final int maxMatches;
  private final Duration rehashSlice;
  private final Duration rehashPause;
  private final int bankPdqRadius;
  private final int bankCrovcaRadius;
  private final PdqVariants bankPdqVariants;
  private final int bankMaxMatches;
  private final BankSubscriptions bankSubscriptions;

  private JobConfig(TreeMap<String, String> values) {
    this.values = values;
    Settings s = new Settings(values);
    bootstrapServers = s.text("kafka.bootstrap-servers");
    registryUrl = s.text("registry.url");
    String clientConfig = s.optional("client.config");
    security = clientConfig.isEmpty()
        ? KafkaClientSecurity.none()
        : KafkaClientSecurity.load(Path.of(clientConfig));
    groupId = s.text("kafka.group-id");
    transactionalIdPrefix = s.text("kafka.transactional-id-prefix");
    startingOffsets = s.choice("kafka.starting-offsets", StartingOffsets.class);
    consumerProperties = s.withPrefix(CONSUMER_PREFIX);
    producerProperties = s.withPrefix(PRODUCER_PREFIX);
    topics = new TopicNames(
        s.text("topic.images"), s.text("topic.hash-codes"), s.text("topic.near-duplicates"),
        s.text("topic.control"), s.text("topic.dead-letters"), s.text("topic.bank-signals"),
        s.text("topic.bank-matches"));
    parallelism = s.positive("job.parallelism");
    endpointsBindAddress = s.text("endpoints.bind-address");
    checkpointInterval = s.positiveDuration("checkpoint.interval");
    checkpointDir = checkpointDirOf(s.optional("checkpoint.dir"));
    changelog = s.bool("checkpoint.changelog");
    materializationInterval = s.positiveDuration("checkpoint.materialization-interval");
    maxRecordBytes = s.positive("ingest.max-record-bytes");
    maxImageBytes = s.positive("ingest.max-image-bytes");
    maxImagePixels = s.between("ingest.max-image-pixels", 1, Integer.MAX_VALUE - 8);
    trimBorders = s.bool("ingest.trim-borders");
    java.util.Map<String, List<String>> tenantPrefixes = new TreeMap<>();
    s.withPrefix(TENANT_URI_PREFIXES).forEach((tenant, list) -> tenantPrefixes.put(tenant, Settings.list(list)));
    uriPolicy = new UriPolicy(Settings.list(s.optional(URI_PREFIXES)), tenantPrefixes);
    batchMaxImages = s.positive("inference.batch.max-images");
    batchMaxEmbeddings = s.positive("inference.batch.max-embeddings");
    batchMaxWait = s.duration("inference.batch.max-wait");
    inferenceCapacity = s.positive("inference.capacity");
    inferenceTimeout = s.positiveDuration("inference.timeout");
    device = s.choice("inference.device", Device.class);
    inferenceThreads = s.atLeast("inference.threads", 0);
    initialModel = s.text("model.initial");
    initialModelSha256 = s.optional("model.initial.sha256");
    modelUpdates = ModelUpdatePolicy.of(
        Settings.list(s.optional("model.trusted-keys")).stream().map(Path::of).toList(),
        Settings.list(s.optional("model.artifact-locations")));
    radius = s.atLeast("index.radius", 0);
    pdqRadius = s.between("index.pdq-radius", 0, 256);
    pdqMinQuality = s.between("index.pdq-min-quality", 0, 101);
    maxMatches = s.positive("index.max-matches");
    rehashSlice = s.positiveDuration("swap.rehash-slice");
    rehashPause = s.positiveDuration("swap.rehash-pause");
    bankPdqRadius = s.between("banks.pdq-radius", 0, 256);
    bankCrovcaRadius = s.between("banks.crovca-radius", 0, 256);
    bankPdqVariants = s.choice("banks.pdq-variants", PdqVariants.class);
    bankMaxMatches = s.positive("banks.max-matches");
    bankSubscriptions = BankSubscriptions.parse(s.withPrefix(SUBSCRIBE_PREFIX),
        s.choice("banks.default-subscription", DefaultSubscription.class) == DefaultSubscription.ALL);
  }

  /** What tenants that {@code banks.subscribe.*} does not name subscribe to. */
  private enum DefaultSubscription {
    ALL,
    NONE
  }

  /** The documented defaults. */
  public static JobConfig defaults() {
    return new JobConfig(defaultValues());
  }

  /**
   * The defaults overridden by a properties file.
   *
   * @throws IllegalArgumentException naming the first unknown key or bad value
   */
  public static JobConfig load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read job configuration " + file, e);
    }
    return defaults().with(trimmed(p));
  }

  /** A copy with some settings replaced; unknown keys and bad values are refused. */
  public JobConfig with(Map<String, String> overrides) {
    TreeMap<String, String> map = new TreeMap<>(values);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!map.containsKey(e.getKey()) && !isClientProperty(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown job setting '" + e.getKey() + "'; the known settings are "
                + knownKeys() + " and kafka.consumer.*, kafka.producer.*, banks.subscribe.*, "
                + TENANT_URI_PREFIXES + "<tenant> (each described in "
                + "flink-jobs/src/main/resources" + DEFAULTS_RESOURCE + ")");
      }
      map.put(e.getKey(), e.getValue().trim());
    }
    return new JobConfig(map);
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
    for (String key : TopicNames.KEYS) {
      renamed.put(key, values.get(key) + "-" + suffix);
    }
    renamed.put("kafka.group-id", groupId + "-" + suffix);
    renamed.put("kafka.transactional-id-prefix", transactionalIdPrefix + "-" + suffix);
    return with(renamed);
  }

  /** Every setting as given, sorted by key (for logs, reports and {@code --print-config}). */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The schema registry's Confluent-compatible API root. */
  public String registryUrl() {
    return registryUrl;
  }

  /** How the job's Kafka clients and registry client authenticate and encrypt ({@code client.config}). */
  public KafkaClientSecurity security() {
    return security;
  }

  /** Kafka's and the registry's addresses with {@link #security()}. */
  public ClientConnection connection() {
    return new ClientConnection(bootstrapServers, registryUrl, security);
  }

  /** The registry client the job's functions build on the TaskManagers, with its credentials. */
  public RegistrySupplier registry() {
    return RegistrySupplier.http(registryUrl, security);
  }

  public String groupId() {
    return groupId;
  }

  public String transactionalIdPrefix() {
    return transactionalIdPrefix;
  }

  public StartingOffsets startingOffsets() {
    return startingOffsets;
  }

  /** Kafka consumer properties for the job's sources ({@code kafka.consumer.*}, prefix removed). */
  public Map<String, String> consumerProperties() {
    return consumerProperties;
  }

  /** Kafka producer properties for the job's sinks ({@code kafka.producer.*}, prefix removed). */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  /** The job's topic names. */
  public TopicNames topics() {
    return topics;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Where the job's own Flink endpoints (REST, blob server, RPC) listen when it runs on its own. */
  public String endpointsBindAddress() {
    return endpointsBindAddress;
  }

  /** Also how often alerts become visible to read_committed consumers. */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** The checkpoint directory as a URI; the default is under the user's state directory. */
  public String checkpointDir() {
    return checkpointDir;
  }

  /** Whether checkpoints log state changes (Flink's changelog backend) on top of RocksDB. */
  public boolean changelog() {
    return changelog;
  }

  public Duration materializationInterval() {
    return materializationInterval;
  }

  /** Where the state-change log goes: beside the checkpoints, on the same durable file system. */
  public String changelogDir() {
    return (checkpointDir.endsWith("/") ? checkpointDir : checkpointDir + "/") + "changelog";
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public int maxImageBytes() {
    return maxImageBytes;
  }

  /** Where image URIs may point, per tenant ({@code ingest.allowed-uri-prefixes[.<tenant>]}). */
  public UriPolicy uriPolicy() {
    return uriPolicy;
  }

  /** The most pixels an image may have; larger ones are refused before decoding. */
  public long maxImagePixels() {
    return maxImagePixels;
  }

  /** Whether uniform-colour margins are trimmed before both hashes. */
  public boolean trimBorders() {
    return trimBorders;
  }

  public int batchMaxImages() {
    return batchMaxImages;
  }

  public int batchMaxEmbeddings() {
    return batchMaxEmbeddings;
  }

  public Duration batchMaxWait() {
    return batchMaxWait;
  }

  /** Uploads in flight per inference subtask before the source is slowed (backpressure). */
  public int inferenceCapacity() {
    return inferenceCapacity;
  }

  public Duration inferenceTimeout() {
    return inferenceTimeout;
  }

  public Device device() {
    return device;
  }

  /** Engine threads per TaskManager; 0 means one per core. */
  public int inferenceThreads() {
    return inferenceThreads;
  }

  /** {@code default} (the shipped model) or an artifact path or {@code file:} URI. */
  public String initialModel() {
    return initialModel;
  }

  /** The sha256 {@link #initialModel()} must have; empty to accept any. */
  public String initialModelSha256() {
    return initialModelSha256;
  }

  /** Which model updates are acted on: trusted signing keys and artifact locations. */
  public ModelUpdatePolicy modelUpdates() {
    return modelUpdates;
  }

  /** The largest Hamming distance reported, in bits of the active model's code. */
  public int radius() {
    return radius;
  }

  /** The largest PDQ distance (of 256 bits, over the query's 8 rotations/flips) that matches. */
  public int pdqRadius() {
    return pdqRadius;
  }

  /** PDQ hashes of lower quality are published but never match through PDQ (101: PDQ off). */
  public int pdqMinQuality() {
    return pdqMinQuality;
  }

  /** The most matches reported per upload, nearest first. */
  public int maxMatches() {
    return maxMatches;
  }

  /** The longest a swap's re-hash holds a match subtask at a time. */
  public Duration rehashSlice() {
    return rehashSlice;
  }

  /** The shortest rest between two re-hash slices, for uploads. */
  public Duration rehashPause() {
    return rehashPause;
  }

  /** The largest PDQ distance (of 256 bits) at which an upload matches a bank entry. */
  public int bankPdqRadius() {
    return bankPdqRadius;
  }

  /** The largest CroVCA distance at which an upload matches a bank entry of its model version. */
  public int bankCrovcaRadius() {
    return bankCrovcaRadius;
  }

  /** Which of an upload's PDQ rotations/flips are looked up in the banks. */
  public PdqVariants bankPdqVariants() {
    return bankPdqVariants;
  }

  /** The most bank matches a matcher subtask reports per upload, nearest first. */
  public int bankMaxMatches() {
    return bankMaxMatches;
  }

  /** Which banks each tenant's uploads are matched against. */
  public BankSubscriptions bankSubscriptions() {
    return bankSubscriptions;
  }

  @Override
  public String toString() {
    return "JobConfig" + values;
  }

  private static TreeMap<String, String> defaultValues() {
    Properties p = new Properties();
    try (InputStream in = JobConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeMap<String, String> map = trimmed(p);
    for (int i = 0; i < TopicNames.KEYS.size(); i++) {
      map.putIfAbsent(TopicNames.KEYS.get(i), TopicNames.DEFAULTS.get(i).topicName());
    }
    return map;
  }

  private static TreeMap<String, String> trimmed(Properties p) {
    TreeMap<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
    return map;
  }

  private static String knownKeys() {
    return String.join(", ", defaultValues().keySet());
  }

  private static boolean isClientProperty(String key) {
    return (key.startsWith(CONSUMER_PREFIX) && key.length() > CONSUMER_PREFIX.length())
        || (key.startsWith(PRODUCER_PREFIX) && key.length() > PRODUCER_PREFIX.length())
        || (key.startsWith(TENANT_URI_PREFIXES) && key.length() > TENANT_URI_PREFIXES.length())
        || (key.startsWith(SUBSCRIBE_PREFIX) && key.length() > SUBSCRIBE_PREFIX.length());
  }

  /** A URI with a scheme (file:, s3:, hdfs:) as given; a plain path becomes its file: URI. */
  private static String checkpointDirOf(String setting) {
    if (setting.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return setting;
    }
    if (!setting.isEmpty()) {
      return Path.of(setting).toAbsolutePath().normalize().toUri().toString();
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "hashstream", "checkpoints")
        .toUri()
        .toString();
  }
}
