package io.hashstream.lookup;

import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hashstream lookup}: the HMA-compatible look-up service, until Ctrl-C. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = {
      "Serve HMA's look-up API (/m/raw_lookup, /m/lookup, /c/banks, ...) over the banks on"
          + " bank-signals, on 127.0.0.1. POSTed images are hashed with both signals."
    })
public final class LookupCli implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka (default ${DEFAULT-VALUE})")
  String bootstrapServers = DefaultAddresses.BOOTSTRAP_SERVERS;

  @Option(names = "--registry-url", description = "schema registry (default ${DEFAULT-VALUE})")
  String registryUrl = DefaultAddresses.REGISTRY_URL;

  @Option(names = "--client-config", description = "client security settings for Kafka and the"
      + " registry (security.protocol, sasl.*, ssl.*, basic.auth.user.info, ...; SECURITY.md;"
      + " default: none, plaintext)")
  Path clientConfig;

  @Option(names = "--topic", description = "the bank topic (default ${DEFAULT-VALUE})")
  String topic = Topic.BANK_SIGNALS.topicName();

  @Option(names = "--http-port", defaultValue = "18091", description = "HTTP port (0: any)")
  int httpPort;

  @Option(names = "--pdq-radius", defaultValue = "31", description = "largest PDQ distance reported")
  int pdqRadius;

  @Option(names = "--crovca-radius", defaultValue = "4", description = "largest CroVCA distance reported")
  int crovcaRadius;

  @Option(names = "--model", description = "model for POSTed images' CroVCA codes (default: the bundled one)")
  Path model;

  @Option(names = "--max-upload-bytes", defaultValue = "16777216", description = "largest POSTed image")
  int maxUploadBytes;

  /**
   * Runs the service until the JVM is stopped.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new LookupCli()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    KafkaClientSecurity security =
        clientConfig == null ? KafkaClientSecurity.none() : KafkaClientSecurity.load(clientConfig);
    LookupConfig config = new LookupConfig(
        new ClientConnection(bootstrapServers, registryUrl, security), topic, httpPort,
        pdqRadius, crovcaRadius, model, maxUploadBytes);
    LookupService service = LookupService.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.countDown();
    }));
    System.err.println("lookup: HMA API at " + service.url() + " (loading banks from " + topic + ")");
    service.awaitReady(Duration.ofDays(365));
    System.err.println("lookup: banks loaded; e.g. " + service.url()
        + "/m/raw_lookup?signal_type=pdq&signal=<64 hex digits>&include_distance=true");
    stopped.await();
    return 0;
  }
}
