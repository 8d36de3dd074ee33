package io.hashstream.platform;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker in KRaft mode (combined broker and controller) running in this
 * JVM, bound to {@link PlatformConfig#HOST} only. Configured for one node: replication factor 1 for
 * the offsets and transaction logs, so that transactions (Flink's exactly-once sink) work.
 *
 * <p>Not a mock: it is the {@code kafka.server.KafkaRaftServer} that {@code kafka-server-start.sh}
 * runs, with its storage formatted the way {@code kafka-storage.sh format} does it.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final int port;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
    this.bootstrapServers = PlatformConfig.HOST + ":" + port;
  }

  /**
   * Formats {@code logDir} (if new), starts the broker, and waits until it answers a metadata
   * request.
   */
  public static EmbeddedKafka start(int kafkaPort, int controllerPort, Path logDir, Duration timeout) {
    int port = Ports.claim("Kafka", kafkaPort, "--kafka-port");
    int controller = Ports.claim("Kafka controller", controllerPort, "--controller-port");
    Properties props = serverProperties(port, controller, logDir);
    KafkaConfig config = new KafkaConfig(props);
    format(logDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED,
          "Kafka broker failed to start on " + PlatformConfig.HOST + ":" + port + ": " + e, e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(server, port);
    kafka.awaitReady(timeout);
    LOG.info("Kafka broker ready at {} (data in {})", kafka.bootstrapServers, logDir);
    return kafka;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public int port() {
    return port;
  }

  /** A new admin client on this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  @Override
  public void close() {
    shutdownQuietly(server);
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      close();
      throw new PlatformException(
          PlatformException.Problem.STARTUP_TIMEOUT,
          "Kafka broker at " + bootstrapServers + " did not answer within " + timeout
              + "; see the log above for why, or raise --timeout.",
          e);
    } catch (Exception e) {
      close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED,
          "Kafka broker at " + bootstrapServers + " is not usable: " + e, e);
    }
  }

  private static Properties serverProperties(int port, int controllerPort, Path logDir) {
    String host = PlatformConfig.HOST;
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // one node: every internal topic has one replica, or transactions and groups never start
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    // images travel in records: allow up to 16 MiB, like the wire codec's default frame limit
    p.put("message.max.bytes", String.valueOf(16 << 20));
    p.put("replica.fetch.max.bytes", String.valueOf(16 << 20));
    // Flink's exactly-once sink keeps transactions open up to its checkpoint timeout
    p.put("transaction.max.timeout.ms", String.valueOf(15 * 60 * 1000));
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    p.put("log.segment.bytes", String.valueOf(64 << 20));
    return p;
  }

  /** What {@code kafka-storage.sh format} does; a directory formatted before is kept as is. */
  private static void format(Path logDir) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toAbsolutePath().toString()))
          .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED,
          "cannot format Kafka storage in " + logDir + ": " + e + " "
              + output.toString(StandardCharsets.UTF_8),
          e);
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker did not shut down cleanly: {}", e.toString());
    }
  }
}
