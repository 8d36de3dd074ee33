package io.hashstream.alerts;

import io.hashstream.alerts.config.AlertsConfig;

import io.hashstream.alerts.access.FailedAuthLimiter;
import io.hashstream.alerts.http.AlertsHttpServer;
import io.hashstream.alerts.http.ApiAccess;
import io.hashstream.alerts.http.CaseLookup;
import io.hashstream.alerts.http.StreamsQueries;
import io.hashstream.alerts.topology.AlertsTopology;
import io.hashstream.alerts.topology.Topics;
import io.hashstream.schemas.registry.CachedSchemaRegistry;
import io.hashstream.schemas.registry.HttpSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The moderation service, running: the {@link AlertsTopology} in Kafka Streams (exactly-once) and
 * the HTTP side (look-up API and live page) on {@link AlertsConfig#HOST}. {@code main} is {@code
 * ./hashstream alerts}.
 *
 * <pre>{@code
 * try (AlertsApp app = AlertsApp.start(config)) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   System.out.println(app.pageUrl());
 * }
 * }</pre>
 */
public final class AlertsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsApp.class);

  private final KafkaStreams streams;
  private final AlertsHttpServer http;
  private final CountDownLatch running = new CountDownLatch(1);

  private AlertsApp(KafkaStreams streams, AlertsHttpServer http) {
    this.streams = streams;
    this.http = http;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new AlertsOptions()).execute(args));
  }

  /**
   * Binds the HTTP port, builds the topology and starts Kafka Streams (advertising the bound port
   * for look-up routing). Returns at once; {@link #awaitRunning} waits for the first assignment.
   */
  public static AlertsApp start(AlertsConfig config) {
    String host = config.http().host();
    ApiAccess access = ApiAccess.of(config.http(), FailedAuthLimiter.defaults());
    if (!config.http().authenticated()) {
      LOG.warn("the look-up API and the live page answer without tokens on {} (loopback only);"
          + " give --tokens FILE to require them", host);
    }
    AlertsHttpServer http;
    try {
      http = AlertsHttpServer.bind(host, config.httpPort(), access);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + config.httpPort()
              + " (in use? pick another with --http-port, 0 for any)", e);
    }
    try {
      Topics topics =
          Topics.over(new CachedSchemaRegistry(
              new HttpSchemaRegistry(URI.create(config.registryUrl()), config.security())));
      KafkaStreams streams =
          new KafkaStreams(
              AlertsTopology.build(topics, config.rules()), config.streamsProperties(http.port()));
      AlertsApp app = new AlertsApp(streams, http);
      streams.setStateListener(
          (now, before) -> {
            LOG.info("alerts {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
              app.running.countDown();
            }
          });
      streams.setUncaughtExceptionHandler(
          e -> {
            // a registry outage or a broker hiccup: the replacement resumes from the last commit
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
          });
      StreamsQueries queries = new StreamsQueries(streams, new HostInfo(host, http.port()));
      http.start(new CaseLookup(queries), queries, () -> streams.state().name());
      streams.start();
      return app;
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /**
   * Waits until Kafka Streams reports RUNNING once.
   *
   * @throws IllegalStateException if it does not within {@code timeout}
   */
  public AlertsApp awaitRunning(Duration timeout) throws InterruptedException {
    if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("alerts not RUNNING after " + timeout + ": " + streams.state());
    }
    return this;
  }

  /** The live page's address. */
  public String pageUrl() {
    return http.pageUrl();
  }

  /** The HTTP port (the advertised {@code application.server}). */
  public int httpPort() {
    return http.port();
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    http.close();
  }
}
