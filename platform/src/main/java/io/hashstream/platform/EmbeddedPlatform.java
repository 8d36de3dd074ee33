package io.hashstream.platform;

import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.CachedSchemaRegistry;
import io.hashstream.schemas.registry.HttpSchemaRegistry;
import io.hashstream.schemas.registry.SchemaRegistry;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hashstream's platform on one machine: a real Kafka broker (KRaft) in this JVM and a real schema
 * registry in a child JVM, both on loopback, with every {@link Topic} created and its value schema
 * registered under the BACKWARD rule. The integration tests, the benchmarks and {@code ./hashstream
 * platform|demo} all start it through {@link #start(PlatformConfig)}.
 *
 * <pre>{@code
 * try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral())) {
 *   producerProps.putAll(platform.clientConfig());
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedPlatform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;
  private final RegistryGateway gateway; // null unless secured
  private final PlatformSecurity security;
  private final PlatformTls tls; // null unless secured
  private final Path dataDir;
  private final boolean deleteDataDir;
  private final Duration startupTime;

  private EmbeddedPlatform(
      EmbeddedKafka kafka,
      EmbeddedSchemaRegistry registry,
      RegistryGateway gateway,
      PlatformSecurity security,
      PlatformTls tls,
      Path dataDir,
      boolean deleteDataDir,
      Duration startupTime) {
    this.kafka = kafka;
    this.registry = registry;
    this.gateway = gateway;
    this.security = security;
    this.tls = tls;
    this.dataDir = dataDir;
    this.deleteDataDir = deleteDataDir;
    this.startupTime = startupTime;
  }

  /**
   * Starts the registry and the broker (in parallel), waits for both, then creates the topics and
   * registers the schemas as configured. On any failure everything started so far is stopped and a
   * {@link PlatformException} says what to do.
   */
  public static EmbeddedPlatform start(PlatformConfig config) {
    long t0 = System.nanoTime();
    Path dataDir = config.dataDir();
    boolean temporary = dataDir == null;
    try {
      dataDir = temporary ? Files.createTempDirectory("hashstream-platform-") : dataDir;
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED, "cannot create data directory: " + e, e);
    }
    EmbeddedSchemaRegistry registry = null;
    EmbeddedKafka kafka = null;
    RegistryGateway gateway = null;
    PlatformSecurity security = config.security();
    try {
      PlatformTls tls = security.enabled() ? PlatformTls.generate(dataDir.resolve("tls")) : null;
      // secured: clients reach the registry through the https gateway on the registry port; the
      // registry itself listens on another loopback port
      int gatewayPort = security.enabled()
          ? Ports.claim("Schema registry", config.registryPort(), "--registry-port")
          : -1;
      registry =
          EmbeddedSchemaRegistry.launch(
              security.enabled() ? 0 : config.registryPort(), config.registryHome(),
              dataDir.resolve("registry"));
      kafka =
          EmbeddedKafka.start(
              config.kafkaPort(),
              config.controllerPort(),
              dataDir.resolve("kafka"),
              config.startupTimeout(),
              security,
              tls);
      registry.awaitReady(config.startupTimeout());
      if (security.enabled()) {
        gateway = RegistryGateway.start(
            gatewayPort, URI.create("http://" + PlatformConfig.HOST + ":" + registry.port()), security, tls);
      }
      EmbeddedPlatform platform =
          new EmbeddedPlatform(
              kafka, registry, gateway, security, tls, dataDir, temporary,
              Duration.ofNanos(System.nanoTime() - t0));
      if (config.createTopics()) {
        platform.createTopics(Topic.all(), config.startupTimeout());
      }
      if (config.registerSchemas()) {
        platform.registerSchemas(Topic.all());
      }
      LOG.info(
          "Platform ready in {} ms: Kafka {}, registry {}",
          platform.startupTime.toMillis(),
          platform.bootstrapServers(),
          platform.registryUrl());
      return platform;
    } catch (RuntimeException e) {
      closeQuietly(gateway);
      closeQuietly(registry);
      closeQuietly(kafka);
      if (temporary) {
        deleteRecursively(dataDir);
      }
      throw e;
    }
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * The registry's Confluent-compatible API root, for {@code schema.registry.url}: {@code https}
   * through the gateway when secured.
   */
  public String registryUrl() {
    return gateway == null
        ? registry.confluentApiUrl()
        : "https://" + PlatformConfig.HOST + ":" + gateway.port() + "/apis/ccompat/v7";
  }

  /** Whether and how the listeners are secured. */
  public PlatformSecurity security() {
    return security;
  }

  /** The generated key and trust stores, or null when not secured. */
  public PlatformTls tls() {
    return tls;
  }

  /**
   * The client security settings of a platform user: SASL_SSL with the platform's mechanism and
   * trust store, and the same credentials for the registry. Without security: none.
   *
   * @param user a user of {@link #security()}
   * @return the settings
   */
  public KafkaClientSecurity clientSecurity(String user) {
    if (!security.enabled()) {
      return KafkaClientSecurity.none();
    }
    return KafkaClientSecurity.saslSsl(security.mechanism(), user, security.password(user),
        tls.trustStore(), tls.trustStorePassword());
  }

  /** Addresses and security settings of the default client user ({@link PlatformSecurity#CLIENT}). */
  public ClientConnection clientConnection() {
    return clientConnection(PlatformSecurity.CLIENT);
  }

  /** Addresses and security settings of a platform user. */
  public ClientConnection clientConnection(String user) {
    return new ClientConnection(bootstrapServers(), registryUrl(), clientSecurity(user));
  }

  /** A cached client of the registry (as the default client user when secured). */
  public SchemaRegistry schemaRegistry() {
    return clientConnection().schemaRegistry();
  }

  /**
   * The client settings every producer, consumer and Streams app on this platform needs: the
   * addresses and, when secured, the default client user's security settings.
   */
  public Map<String, Object> clientConfig() {
    return clientConnection().clientProperties();
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return kafka.admin();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Wall time {@link #start} took until both components answered. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Creates the topics that do not exist yet, with their default partitions and configs. */
  public void createTopics(List<Topic> topics, Duration timeout) {
    List<NewTopic> newTopics = new ArrayList<>();
    for (Topic t : topics) {
      newTopics.add(
          new NewTopic(t.topicName(), t.defaultPartitions(), (short) 1).configs(t.topicConfig()));
    }
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      newTopics.removeIf(t -> existing.contains(t.name()));
      if (!newTopics.isEmpty()) {
        admin.createTopics(newTopics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new PlatformException(
            PlatformException.Problem.STARTUP_FAILED, "cannot create topics: " + e.getCause(), e);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED, "cannot create topics: " + e, e);
    }
  }

  /** Sets each topic's value subject to BACKWARD and registers its current schema. */
  public void registerSchemas(List<Topic> topics) {
    SchemaRegistry client = schemaRegistry();
    for (Topic t : topics) {
      client.setCompatibility(t.valueSubject(), SchemaRegistry.Compatibility.BACKWARD);
      client.register(t.valueSubject(), t.valueSchema());
    }
  }

  @Override
  public void close() {
    closeQuietly(gateway);
    closeQuietly(kafka);
    closeQuietly(registry);
    if (deleteDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
