package io.hashstream.platform;

import io.hashstream.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hashstream platform}: the embedded Kafka broker and schema registry, until Ctrl-C. */
@Command(
    name = "platform",
    mixinStandardHelpOptions = true,
    description = {
      "Starts hashstream's platform on this machine, on 127.0.0.1 only: a Kafka broker (KRaft) and a"
          + " schema registry (Apicurio, Confluent-compatible API), creates every topic and registers"
          + " every schema. Runs until Ctrl-C."
    })
public final class PlatformCli implements Callable<Integer> {

  @Option(names = "--kafka-port", description = "Kafka client port (default: ${DEFAULT-VALUE}; 0 = any free port)")
  int kafkaPort = PlatformConfig.DEFAULT_KAFKA_PORT;

  @Option(names = "--controller-port", description = "KRaft controller port (default: ${DEFAULT-VALUE})")
  int controllerPort = PlatformConfig.DEFAULT_CONTROLLER_PORT;

  @Option(names = "--registry-port", description = "schema registry HTTP port (default: ${DEFAULT-VALUE})")
  int registryPort = PlatformConfig.DEFAULT_REGISTRY_PORT;

  @Option(names = "--data-dir", description = "keep Kafka's log and the registry's output here (default: a temporary directory, deleted on exit)")
  Path dataDir;

  @Option(names = "--registry-home", description = "an unpacked Apicurio Registry distribution (default: the one the build unpacked, or $" + RegistryDistribution.HOME_ENV + ")")
  Path registryHome;

  @Option(names = "--timeout", description = "seconds each component may take to start (default: ${DEFAULT-VALUE})")
  long timeoutSeconds = PlatformConfig.DEFAULT_STARTUP_TIMEOUT.toSeconds();

  @Option(names = "--check", description = "start, print the addresses, then stop (a smoke test)")
  boolean check;

  @Option(names = "--secure", description = "SASL_SSL Kafka (SCRAM-SHA-512) and an https registry with basic auth; a CA, key stores and users are generated, and a client settings file is written for each user (pass it to every command as --client-config)")
  boolean secure;

  @Option(names = "--sasl-mechanism", description = "with --secure: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (default: ${DEFAULT-VALUE})")
  String saslMechanism = "SCRAM-SHA-512";

  public static void main(String[] args) {
    System.exit(new CommandLine(new PlatformCli()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    PlatformConfig config =
        PlatformConfig.defaults()
            .withPorts(kafkaPort, controllerPort, registryPort)
            .withDataDir(dataDir)
            .withRegistryHome(registryHome)
            .withStartupTimeout(Duration.ofSeconds(timeoutSeconds))
            .withSecurity(secure ? PlatformSecurity.saslSsl(saslMechanism) : PlatformSecurity.off());
    System.out.println("Starting Kafka and the schema registry on " + PlatformConfig.HOST + " ...");
    EmbeddedPlatform platform;
    try {
      platform = EmbeddedPlatform.start(config);
    } catch (PlatformException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    CloseOnExit stopped = CloseOnExit.register("platform", platform);
    printSummary(platform);
    if (check) {
      System.exit(0); // runs the shutdown hook
    }
    stopped.await();
    return 0;
  }

  private static void printSummary(EmbeddedPlatform platform) {
    System.out.printf("%nhashstream platform is up (started in %.1f s)%n", platform.startupTime().toMillis() / 1000.0);
    System.out.println("  Kafka bootstrap servers : " + platform.bootstrapServers());
    System.out.println("  Schema registry         : " + platform.registryUrl() + "   (Confluent-compatible API)");
    System.out.println("  Data directory          : " + platform.dataDir());
    System.out.println("  Topics:");
    for (Topic t : Topic.all()) {
      System.out.printf(
          "    %-20s %d partition(s), %s, value schema %s (subject %s)%n",
          t.topicName(),
          t.defaultPartitions(),
          t.topicConfig().get("cleanup.policy"),
          t.valueSchema().getFullName(),
          t.valueSubject());
    }
    System.out.println();
    System.out.println("Clients: bootstrap.servers=" + platform.bootstrapServers()
        + " schema.registry.url=" + platform.registryUrl());
    if (platform.security().enabled()) {
      System.out.println("Security: " + platform.security() + "; client settings (pass with"
          + " --client-config, or client.config=FILE to the job):");
      for (String user : platform.security().users().keySet()) {
        java.nio.file.Path file = platform.dataDir().resolve("client-" + user + ".properties");
        platform.clientSecurity(user).store(file);
        System.out.println("    " + user + ": " + file);
      }
    }
    System.out.println("Serdes:  io.hashstream.schemas.kafka.RegistryAvroSerializer / RegistryAvroDeserializer");
    System.out.println("Press Ctrl-C to stop.");
  }
}
