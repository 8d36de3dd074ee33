package io.hashstream.platform;

import io.hashstream.schemas.DefaultAddresses;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start the embedded platform. Everything binds to {@link #HOST} only.
 *
 * @param kafkaPort the broker's client port; 0 picks a free one
 * @param controllerPort the KRaft controller's port; 0 picks a free one
 * @param registryPort the schema registry's HTTP port; 0 picks a free one
 * @param dataDir where the broker's log and the registry's output go; null means a temporary
 *     directory that is deleted on close
 * @param registryHome the unpacked Apicurio Registry distribution; null means the one this build
 *     unpacked (see {@link RegistryDistribution})
 * @param startupTimeout how long each component may take to become ready
 * @param createTopics whether to create every {@link io.hashstream.schemas.Topic} on start
 * @param registerSchemas whether to register every topic's value schema (BACKWARD rule) on start
 * @param security plaintext ({@link PlatformSecurity#off()}) or SASL_SSL with users
 */
public record PlatformConfig(
    int kafkaPort,
    int controllerPort,
    int registryPort,
    Path dataDir,
    Path registryHome,
    Duration startupTimeout,
    boolean createTopics,
    boolean registerSchemas,
    PlatformSecurity security) {

  /** The only address the platform binds to: it is for one machine, never a network. */
  public static final String HOST = DefaultAddresses.HOST;

  public static final int DEFAULT_KAFKA_PORT = DefaultAddresses.KAFKA_PORT;
  public static final int DEFAULT_CONTROLLER_PORT = 19093;
  public static final int DEFAULT_REGISTRY_PORT = DefaultAddresses.REGISTRY_PORT;
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);

  /** Where clients find the platform started with the default ports. */
  public static final String DEFAULT_BOOTSTRAP_SERVERS = DefaultAddresses.BOOTSTRAP_SERVERS;

  /** The registry's Confluent-compatible API root with the default ports. */
  public static final String DEFAULT_REGISTRY_URL = DefaultAddresses.REGISTRY_URL;

  /** The registry's Confluent-compatible API root on {@code port}. */
  public static String registryUrl(int port) {
    return DefaultAddresses.registryUrl(port);
  }

  public PlatformConfig {
    checkPort("kafkaPort", kafkaPort);
    checkPort("controllerPort", controllerPort);
    checkPort("registryPort", registryPort);
    if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
    }
    if (security == null) {
      throw new IllegalArgumentException("security is required (PlatformSecurity.off() for none)");
    }
  }

  /** The fixed, documented ports of {@code ./hashstream platform} and the demo. */
  public static PlatformConfig defaults() {
    return new PlatformConfig(
        DEFAULT_KAFKA_PORT,
        DEFAULT_CONTROLLER_PORT,
        DEFAULT_REGISTRY_PORT,
        null,
        null,
        DEFAULT_STARTUP_TIMEOUT,
        true,
        true,
        PlatformSecurity.off());
  }

  /** Free ports and a temporary directory: what tests use, so that they can run side by side. */
  public static PlatformConfig ephemeral() {
    return new PlatformConfig(
        0, 0, 0, null, null, DEFAULT_STARTUP_TIMEOUT, true, true, PlatformSecurity.off());
  }

  public PlatformConfig withPorts(int kafka, int controller, int registry) {
    return new PlatformConfig(
        kafka, controller, registry, dataDir, registryHome, startupTimeout, createTopics,
        registerSchemas, security);
  }

  public PlatformConfig withDataDir(Path dir) {
    return new PlatformConfig(
        kafkaPort, controllerPort, registryPort, dir, registryHome, startupTimeout, createTopics,
        registerSchemas, security);
  }

  public PlatformConfig withRegistryHome(Path home) {
    return new PlatformConfig(
        kafkaPort, controllerPort, registryPort, dataDir, home, startupTimeout, createTopics,
        registerSchemas, security);
  }

  public PlatformConfig withStartupTimeout(Duration timeout) {
    return new PlatformConfig(
        kafkaPort, controllerPort, registryPort, dataDir, registryHome, timeout, createTopics,
        registerSchemas, security);
  }

  public PlatformConfig withBootstrap(boolean topics, boolean schemas) {
    return new PlatformConfig(
        kafkaPort, controllerPort, registryPort, dataDir, registryHome, startupTimeout, topics,
        schemas, security);
  }

  /** The same platform with its listeners secured (or not). */
  public PlatformConfig withSecurity(PlatformSecurity newSecurity) {
    return new PlatformConfig(
        kafkaPort, controllerPort, registryPort, dataDir, registryHome, startupTimeout, createTopics,
        registerSchemas, newSecurity);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
    }
  }
}
