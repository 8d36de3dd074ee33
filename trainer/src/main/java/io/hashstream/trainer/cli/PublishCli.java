package io.hashstream.trainer.cli;

import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import io.hashstream.trainer.publish.ModelPublisher;
import io.hashstream.trainer.publish.ModelUpdates;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hashstream publish}: reads a model artifact (checking its checksum), and sends a {@link
 * ModelUpdate} for it to {@code hashcoder-control}. The artifact URI defaults to the file's {@code
 * file://} URI; the sha256 in the message is the file's.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Send a ModelUpdate for a model artifact to the control topic 'hashcoder-control' (Avro,"
          + " registry wire format). The streaming job loads the artifact from --artifact-uri."
    })
public final class PublishCli implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "the model artifact file")
  Path model;

  @Option(
      names = "--artifact-uri",
      description = "where consumers load the artifact (default: the file's file:// URI)")
  URI artifactUri;

  @Option(names = "--bootstrap-servers", description = "Kafka (default ${DEFAULT-VALUE})")
  String bootstrapServers = DefaultAddresses.BOOTSTRAP_SERVERS;

  @Option(names = "--registry-url", description = "schema registry (default ${DEFAULT-VALUE})")
  String registryUrl = DefaultAddresses.REGISTRY_URL;

  @Option(names = "--client-config", description = "client security settings for Kafka and the registry (security.protocol, sasl.*, ssl.*, basic.auth.user.info, ...; default: none)")
  Path clientConfig;

  @Option(names = "--created-by", defaultValue = "hashstream publish", description = "recorded in the message")
  String createdBy;

  @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for the broker")
  int timeoutSeconds;

  PrintStream out = System.out;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PublishCli()).execute(args));
  }

  private ClientConnection connection() {
    return new ClientConnection(bootstrapServers, registryUrl,
        clientConfig == null ? KafkaClientSecurity.none() : KafkaClientSecurity.load(clientConfig));
  }

  @Override
  public Integer call() {
    ModelArtifact artifact = ModelArtifact.read(model);
    String sha256 = ModelArtifact.fileSha256(model);
    URI uri = artifactUri != null ? artifactUri : model.toAbsolutePath().toUri();
    ModelUpdate update = ModelUpdates.of(artifact, uri, sha256, createdBy);
    try (ModelPublisher publisher =
        ModelPublisher.open(connection(), Duration.ofSeconds(timeoutSeconds))) {
      RecordMetadata written = publisher.publish(update);
      out.println(
          "published model "
              + update.getVersion()
              + " ("
              + update.getBits()
              + " bits, sha256 "
              + sha256
              + ") to "
              + written.topic()
              + "-"
              + written.partition()
              + "@"
              + written.offset());
    }
    return 0;
  }
}
