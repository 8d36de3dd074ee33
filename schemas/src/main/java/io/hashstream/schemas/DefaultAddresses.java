package io.hashstream.schemas;

/**
 * Where clients find Kafka and the schema registry when nothing else is configured: the addresses
 * of the embedded platform ({@code ./hashstream platform}) on its default ports. Every command's
 * defaults (the job, the moderation service, the trainer's {@code publish}, the benchmarks) come
 * from here, so they agree with the platform without being configured.
 */
public final class DefaultAddresses {
  /** The only address the embedded platform binds to: it is for one machine, never a network. */
  public static final String HOST = "127.0.0.1";

  /** The embedded broker's client port. */
  public static final int KAFKA_PORT = 19092;

  /** The embedded schema registry's HTTP port. */
  public static final int REGISTRY_PORT = 18081;

  /** Kafka's bootstrap servers on the default port. */
  public static final String BOOTSTRAP_SERVERS = HOST + ":" + KAFKA_PORT;

  /** The registry's Confluent-compatible API root on the default port. */
  public static final String REGISTRY_URL = registryUrl(REGISTRY_PORT);

  private DefaultAddresses() {}

  /**
   * Returns the embedded registry's Confluent-compatible API root on {@code port}.
   *
   * @param port the registry's HTTP port
   * @return the URL clients pass as {@code schema.registry.url}
   */
  public static String registryUrl(int port) {
    return "http://" + HOST + ":" + port + "/apis/ccompat/v7";
  }
}
