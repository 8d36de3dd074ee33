package io.hashstream.platform;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
  private final KafkaClientSecurity adminSecurity;

  private EmbeddedKafka(KafkaRaftServer server, int port, KafkaClientSecurity adminSecurity) {
    this.server = server;
    this.port = port;
    this.bootstrapServers = PlatformConfig.HOST + ":" + port;
    this.adminSecurity = adminSecurity;
  }

  /** A plaintext broker (see {@link #start(int, int, Path, Duration, PlatformSecurity, PlatformTls)}). */
  public static EmbeddedKafka start(int kafkaPort, int controllerPort, Path logDir, Duration timeout) {
    return start(kafkaPort, controllerPort, logDir, timeout, PlatformSecurity.off(), null);
  }

  /**
   * Formats {@code logDir} (if new), starts the broker, and waits until it answers a metadata
   * request.
   *
   * @param security off: one PLAINTEXT client listener; on: one SASL_SSL client listener with the
   *     users of {@code security} (SCRAM users are written into the metadata log when it is
   *     formatted), also used by the broker for its connections to itself
   * @param tls the broker's key store and the trust store (null when security is off)
   */
  public static EmbeddedKafka start(
      int kafkaPort, int controllerPort, Path logDir, Duration timeout, PlatformSecurity security,
      PlatformTls tls) {
    int port = Ports.claim("Kafka", kafkaPort, "--kafka-port");
    int controller = Ports.claim("Kafka controller", controllerPort, "--controller-port");
    Properties props = serverProperties(port, controller, logDir);
    KafkaClientSecurity adminSecurity = KafkaClientSecurity.none();
    if (security.enabled()) {
      props.putAll(saslSslProperties(port, controller, security, tls));
      adminSecurity = KafkaClientSecurity.saslSsl(security.mechanism(), PlatformSecurity.ADMIN,
          security.password(PlatformSecurity.ADMIN), tls.trustStore(), tls.trustStorePassword());
    }
    KafkaConfig config = new KafkaConfig(props);
    format(logDir, security);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw new PlatformException(
          PlatformException.Problem.STARTUP_FAILED,
          "Kafka broker failed to start on " + PlatformConfig.HOST + ":" + port + ": " + e, e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(server, port, adminSecurity);
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

  /** A new admin client on this broker (the platform's admin user when secured); the caller closes it. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>(adminSecurity.kafkaProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(config);
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

  /**
   * The SASL_SSL listener replacing the PLAINTEXT one: TLS with the platform's key store, SASL with
   * {@code security}'s mechanism, and the broker's own connections (transaction markers) as the
   * admin user. The controller listener stays PLAINTEXT on loopback: in this combined single node
   * only the node itself speaks to it.
   */
  private static Properties saslSslProperties(
      int port, int controllerPort, PlatformSecurity security, PlatformTls tls) {
    String host = PlatformConfig.HOST;
    String mechanism = security.mechanism();
    Properties p = new Properties();
    p.put("listeners", "SASL_SSL://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "SASL_SSL://" + host + ":" + port);
    p.put("inter.broker.listener.name", "SASL_SSL");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
    p.put("sasl.enabled.mechanisms", mechanism);
    p.put("sasl.mechanism.inter.broker.protocol", mechanism);
    String admin = KafkaClientSecurity.jaasConfig(
        mechanism, PlatformSecurity.ADMIN, security.password(PlatformSecurity.ADMIN));
    if (!security.scram()) {
      // PLAIN: the broker's JAAS line is also its user list (user_<name>="<password>")
      StringBuilder users = new StringBuilder();
      security.users().forEach((user, password) ->
          users.append(" user_").append(user).append("=\"").append(password).append('"'));
      admin = admin.substring(0, admin.length() - 1) + users + ";";
    }
    p.put("listener.name.sasl_ssl." + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", admin);
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
    p.put("ssl.keystore.password", tls.keyStorePassword());
    p.put("ssl.key.password", tls.keyStorePassword());
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", tls.trustStore().toAbsolutePath().toString());
    p.put("ssl.truststore.password", tls.trustStorePassword());
    // a client that fails to authenticate is told at once, without a reconnect storm
    p.put("connection.failed.authentication.delay.ms", "100");
    return p;
  }

  /** What {@code kafka-storage.sh format} does; a directory formatted before is kept as is. */
  private static void format(Path logDir, PlatformSecurity security) {
    List<String> scram = new ArrayList<>();
    if (security.enabled() && security.scram()) {
      // kafka-storage.sh format --add-scram 'SCRAM-SHA-512=[name=alice,password=...]'
      security.users().forEach((user, password) ->
          scram.add(security.mechanism() + "=[name=" + user + ",password=" + password + "]"));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setScramArguments(scram)
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
