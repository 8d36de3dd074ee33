package io.hashstream.alerts;

import io.hashstream.alerts.config.AlertsConfig;
import io.hashstream.alerts.config.DurationConverter;
import io.hashstream.alerts.config.HttpAccess;
import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream alerts}: the command line of the moderation service. Parses options into an
 * {@link AlertsConfig} (the only place they are strings), starts {@link AlertsApp}, prints where
 * its page is, and runs until Ctrl-C.
 */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Starts the moderation service: reads near-duplicates, moderation-verdicts and images, writes"
          + " moderation-actions (exactly-once) and dead-letters, and serves the look-up API and the"
          + " live page (127.0.0.1 unless --http-host). Runs until Ctrl-C. Start './hashstream platform' first (or point"
          + " it at another Kafka and registry)."
    })
public final class AlertsOptions implements Callable<Integer> {
  private static final RulesConfig DEFAULTS = RulesConfig.defaults();

  @Option(names = "--bootstrap-servers", description = "Kafka (default: ${DEFAULT-VALUE})")
  String bootstrapServers = DefaultAddresses.BOOTSTRAP_SERVERS;

  @Option(names = "--registry-url", description = "schema registry, Confluent-compatible API (default: ${DEFAULT-VALUE})")
  String registryUrl = DefaultAddresses.REGISTRY_URL;

  @Option(names = "--client-config", description = "client security settings for Kafka and the registry: a properties file with security.protocol, sasl.*, ssl.*, basic.auth.user.info, schema.registry.ssl.truststore.* (default: none, plaintext)")
  Path clientConfig;

  @Option(names = "--http-port", description = "page and look-up API port; 0 = any free (default: ${DEFAULT-VALUE})")
  int httpPort = AlertsConfig.DEFAULT_HTTP_PORT;

  @Option(names = "--http-host", description = "address the page and look-up API bind to and advertise to other instances (default: ${DEFAULT-VALUE}); any other than loopback needs --tokens and --https-keystore")
  String httpHost = HttpAccess.LOOPBACK;

  @Option(names = "--tokens", description = "bearer token file of the look-up API and page: lines 'NAME admin|tenants=A,B sha256:HEX' (see alerts/README.md); default: none, loopback only")
  Path tokens;

  @Option(names = "--https-keystore", description = "serve HTTPS with this PKCS12 key store (key and certificate chain)")
  Path httpsKeyStore;

  @Option(names = "--https-keystore-password-file", description = "file holding the key store's password")
  Path httpsKeyStorePasswordFile;

  @Option(names = "--state-dir", description = "where Kafka Streams keeps its stores (default: ~/.local/state/hashstream/alerts)")
  Path stateDir = Path.of(System.getProperty("user.home"), ".local", "state", "hashstream", "alerts");

  @Option(names = "--application-id", description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE})")
  String applicationId = AlertsConfig.DEFAULT_APPLICATION_ID;

  @Option(names = "--threads", description = "stream threads (default: ${DEFAULT-VALUE})")
  int threads = 1;

  @Option(names = "--commit-interval", converter = DurationConverter.class, description = "transaction commit interval (default: 100ms)")
  Duration commitInterval = AlertsConfig.DEFAULT_COMMIT_INTERVAL;

  @Option(names = "--partitions", description = "partitions of the service's repartition topics (default: ${DEFAULT-VALUE})")
  int partitions = DEFAULTS.partitions();

  @Option(names = "--bank-max-distance", description = "per-bank distance limit, BANK=BITS, repeatable")
  Map<String, Integer> bankMaxDistance = new LinkedHashMap<>();

  @Option(names = "--default-bank-max-distance", description = "limit of banks not named above (default: ${DEFAULT-VALUE}, i.e. none)")
  int defaultBankMaxDistance = DEFAULTS.defaultBankMaxDistance();

  @Option(names = "--bank-max-pdq-distance", description = "per-bank PDQ distance limit of matches of bank entries (hash lists), BANK=BITS, repeatable")
  Map<String, Integer> bankMaxPdqDistance = new LinkedHashMap<>();

  @Option(names = "--default-bank-max-pdq-distance", description = "PDQ limit of banks not named above (default: ${DEFAULT-VALUE}, i.e. the job's banks.pdq-radius alone)")
  int defaultBankMaxPdqDistance = DEFAULTS.defaultBankMaxPdqDistance();

  @Option(names = "--match-window", converter = DurationConverter.class, description = "how long matches are kept for look-ups and late verdicts (default: 24h)")
  Duration matchWindow = DEFAULTS.matchWindow();

  @Option(names = "--no-retroactive-verdicts", description = "do not apply late verdicts to earlier matches")
  boolean noRetroactive;

  @Option(names = "--cluster-idle-ttl", converter = DurationConverter.class, description = "forget a cluster idle this long (default: 24h)")
  Duration clusterIdleTtl = DEFAULTS.clusterIdleTtl();

  @Option(names = "--flood-max-new-members", description = "a cluster gaining more new members than this within the flood window is quarantined (default: ${DEFAULT-VALUE})")
  int floodMaxNewMembers = DEFAULTS.floodMaxNewMembers();

  @Option(names = "--flood-window", converter = DurationConverter.class, description = "flood rate window (default: 1m)")
  Duration floodWindow = DEFAULTS.floodWindow();

  @Option(names = "--flood-quarantine", converter = DurationConverter.class, description = "quarantine after the last new member (default: 1h)")
  Duration floodQuarantine = DEFAULTS.floodQuarantine();

  @Option(names = "--actions-window", converter = DurationConverter.class, description = "how long actions stay in the look-up store (default: 1h)")
  Duration actionsWindow = DEFAULTS.actionsWindow();

  @Option(names = "--max-thumbnails", description = "thumbnails kept per task (default: ${DEFAULT-VALUE})")
  int maxThumbnails = DEFAULTS.maxThumbnails();

  @Option(names = "--streams-config", description = "further Kafka Streams settings, KEY=VALUE, repeatable")
  Map<String, String> streamsConfig = new LinkedHashMap<>();

  /** The configuration these options describe. */
  public AlertsConfig toConfig() {
    RulesConfig rules =
        new RulesConfig(
            partitions, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance,
            defaultBankMaxPdqDistance, matchWindow, !noRetroactive,
            clusterIdleTtl, DEFAULTS.maxListedMembers(), floodMaxNewMembers, floodWindow,
            floodQuarantine, actionsWindow, DEFAULTS.purgeInterval(), maxThumbnails,
            DEFAULTS.thumbnailPixels(), DEFAULTS.maxImageBytes());
    return new AlertsConfig(
        applicationId, bootstrapServers, registryUrl, stateDir, httpPort, commitInterval, threads,
        streamsConfig, rules,
        clientConfig == null ? KafkaClientSecurity.none() : KafkaClientSecurity.load(clientConfig),
        new HttpAccess(httpHost, tokens, httpsKeyStore, httpsKeyStorePasswordFile));
  }

  @Override
  public Integer call() throws InterruptedException {
    AlertsConfig config;
    try {
      config = toConfig();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    AlertsApp app;
    try {
      app = AlertsApp.start(config);
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the moderation service ...");
      app.close();
      stopped.countDown();
    }, "alerts-shutdown"));
    System.out.println("hashstream alerts is starting (Kafka " + config.bootstrapServers() + ")");
    System.out.println("  Live page  : " + app.pageUrl());
    System.out.println("  Look-ups   : " + app.pageUrl() + "api/v1/case?tenant=T&image=ID  (also verdict, actions, clusters, thumbnail, health)");
    System.out.println("  Tokens     : " + (config.http().authenticated()
        ? "required (" + config.http().tokens() + ")" : "none (loopback only; --tokens FILE to require them)"));
    System.out.println("  State dir  : " + config.stateDir().toAbsolutePath());
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
