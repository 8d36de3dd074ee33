package io.hashstream.trainer.cli;

import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import io.hashstream.schemas.security.ModelSigning;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
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
 * {@code hashstream publish}: reads a model artifact (checking its checksum), signs a {@link
 * ModelUpdate} for it with an Ed25519 key ({@link ModelSigning}) and sends it to {@code
 * hashcoder-control}. The artifact URI defaults to the file's {@code file://} URI; the sha256 in
 * the message is the file's. {@code --generate-key PREFIX} makes a key pair instead ({@code
 * PREFIX.key}, readable by its owner only, and {@code PREFIX.pub}, which the job trusts through
 * {@code model.trusted-keys}).
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Sign a ModelUpdate for a model artifact and send it to the control topic"
          + " 'hashcoder-control' (Avro, registry wire format). The streaming job loads the"
          + " artifact from --artifact-uri if the signature is of a key it trusts"
          + " (model.trusted-keys) and the URI is under model.artifact-locations.",
      "First time: --generate-key keys/model-signing makes the key pair."
    })
public final class PublishCli implements Callable<Integer> {
  @Option(names = "--model", description = "the model artifact file")
  Path model;

  @Option(names = "--signing-key", description = "the Ed25519 private key (PEM, PKCS#8) to sign with; its public key is read from the .pub file beside it")
  Path signingKey;

  @Option(names = "--generate-key", paramLabel = "PREFIX", description = "write a new key pair to PREFIX.key and PREFIX.pub and print the job setting that trusts it; publishes nothing")
  Path generateKey;

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

  private int generateKeyPair() {
    KeyPair pair = ModelSigning.generateKeyPair();
    Path privateFile = Path.of(generateKey + ".key");
    Path publicFile = Path.of(generateKey + ".pub");
    try {
      java.nio.file.Files.createDirectories(privateFile.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ModelSigning.writePrivateKey(privateFile, pair.getPrivate());
    ModelSigning.writePublicKey(publicFile, pair.getPublic());
    out.println("wrote " + privateFile + " (keep it secret: whoever has it can make the job load a"
        + " model) and " + publicFile + ", key id " + ModelSigning.keyId(pair.getPublic()));
    out.println("the job trusts it with: --set model.trusted-keys=" + publicFile.toAbsolutePath());
    out.println("publish with: ./hashstream publish --model FILE --signing-key " + privateFile);
    return 0;
  }

  private ClientConnection connection() {
    return new ClientConnection(bootstrapServers, registryUrl,
        clientConfig == null ? KafkaClientSecurity.none() : KafkaClientSecurity.load(clientConfig));
  }

  @Override
  public Integer call() {
    if (generateKey != null) {
      return generateKeyPair();
    }
    if (model == null || signingKey == null) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "publish needs --model and --signing-key (make a key pair with --generate-key PREFIX)");
    }
    PrivateKey key = ModelSigning.readPrivateKey(signingKey);
    PublicKey publicKey = ModelSigning.publicKeyBeside(signingKey).orElseThrow(() ->
        new CommandLine.ParameterException(new CommandLine(this), "no public key beside "
            + signingKey + " (the .pub file --generate-key wrote with it)"));
    ModelArtifact artifact = ModelArtifact.read(model);
    String sha256 = ModelArtifact.fileSha256(model);
    URI uri = artifactUri != null ? artifactUri : model.toAbsolutePath().toUri();
    ModelUpdate update = ModelSigning.sign(ModelUpdates.of(artifact, uri, sha256, createdBy), key, publicKey);
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
              + ", signed by key "
              + update.getSigningKeyId()
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
