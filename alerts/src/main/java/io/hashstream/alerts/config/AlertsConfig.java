package io.hashstream.alerts.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import io.hashstream.schemas.security.KafkaClientSecurity;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How to run the moderation service: where Kafka and the registry are, where state lives, the HTTP
 * port, and the {@link RulesConfig rules}. Validated on construction.
 *
 * @param applicationId the Kafka Streams application id (consumer group, prefix of internal topics
 *     and transactional ids); instances with the same id share the work
 * @param bootstrapServers Kafka's {@code host:port} list
 * @param registryUrl the schema registry's Confluent-compatible API root
 * @param stateDir where Kafka Streams keeps its stores
 * @param httpPort the HTTP port on {@link #HOST}; 0 picks a free one
 * @param commitInterval how often transactions commit (the latency of output under exactly-once)
 * @param streamThreads stream threads of this instance
 * @param streamsOverrides further Kafka Streams settings, applied last (for operators and tests)
 * @param rules the moderation rules
 * @param security how Kafka Streams and the registry client authenticate and encrypt ({@code
 *     --client-config}); {@link KafkaClientSecurity#none()} on the embedded platform
 * @param http who reaches the look-up API and the page: address, tokens, HTTPS ({@link
 *     HttpAccess#loopback()} by default)
 */
public record AlertsConfig(
    String applicationId,
    String bootstrapServers,
    String registryUrl,
    Path stateDir,
    int httpPort,
    Duration commitInterval,
    int streamThreads,
    Map<String, String> streamsOverrides,
    RulesConfig rules,
    KafkaClientSecurity security,
    HttpAccess http) {

  /** The address the service binds to and advertises unless {@link HttpAccess#host()} says otherwise. */
  public static final String HOST = HttpAccess.LOOPBACK;

  public static final String DEFAULT_APPLICATION_ID = "hashstream-alerts";
  public static final int DEFAULT_HTTP_PORT = 18090;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  public AlertsConfig {
    if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "applicationId must be 1..100 of [A-Za-z0-9._-], was " + applicationId);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is required");
    }
    if (registryUrl == null || !registryUrl.matches("https?://.+")) {
      throw new IllegalArgumentException("registryUrl must be an http(s) URL, was " + registryUrl);
    }
    if (stateDir == null) {
      throw new IllegalArgumentException("stateDir is required");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be 0..65535, was " + httpPort);
    }
    if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
    }
    if (streamThreads < 1 || streamThreads > 64) {
      throw new IllegalArgumentException("streamThreads must be 1..64, was " + streamThreads);
    }
    streamsOverrides = Map.copyOf(streamsOverrides);
    if (rules == null) {
      throw new IllegalArgumentException("rules are required");
    }
    if (security == null) {
      throw new IllegalArgumentException("security is required (KafkaClientSecurity.none() for none)");
    }
    if (http == null) {
      throw new IllegalArgumentException("http is required (HttpAccess.loopback() for the default)");
    }
  }

  /** The same without security settings (the embedded platform on loopback). */
  public AlertsConfig(
      String applicationId, String bootstrapServers, String registryUrl, Path stateDir, int httpPort,
      Duration commitInterval, int streamThreads, Map<String, String> streamsOverrides,
      RulesConfig rules) {
    this(applicationId, bootstrapServers, registryUrl, stateDir, httpPort, commitInterval,
        streamThreads, streamsOverrides, rules, KafkaClientSecurity.none(), HttpAccess.loopback());
  }

  public AlertsConfig withHttpPort(int port) {
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, stateDir, port, commitInterval,
        streamThreads, streamsOverrides, rules, security, http);
  }

  public AlertsConfig withStateDir(Path dir) {
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, dir, httpPort, commitInterval,
        streamThreads, streamsOverrides, rules, security, http);
  }

  public AlertsConfig withRules(RulesConfig newRules) {
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, stateDir, httpPort, commitInterval,
        streamThreads, streamsOverrides, newRules, security, http);
  }

  public AlertsConfig withStreamsOverrides(Map<String, String> overrides) {
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, stateDir, httpPort, commitInterval,
        streamThreads, overrides, rules, security, http);
  }

  /** The same with other security settings. */
  public AlertsConfig withSecurity(KafkaClientSecurity newSecurity) {
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, stateDir, httpPort, commitInterval,
        streamThreads, streamsOverrides, rules, newSecurity, http);
  }

  /** The same with other HTTP access settings. */
  public AlertsConfig withHttp(HttpAccess newHttp) {
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, stateDir, httpPort, commitInterval,
        streamThreads, streamsOverrides, rules, security, newHttp);
  }

  /**
   * The Kafka Streams configuration: the security settings, exactly-once (v2), read from the
   * earliest offset, and this instance advertised at {@code HOST:boundHttpPort} for
   * interactive-query routing.
   */
  public Properties streamsProperties(int boundHttpPort) {
    Properties p = new Properties();
    p.putAll(security.kafkaProperties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, http.host() + ":" + boundHttpPort);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // the topology's internal topics have one replica on the embedded broker; production sets 3
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    p.putAll(streamsOverrides);
    return p;
  }
}
