package io.hashstream.trainer.cli;

import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import io.hashstream.trainer.bank.BankTopic;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the bank commands find {@code bank-signals}, as a picocli mixin. */
final class BankTopicOptions {
  @Option(names = "--bootstrap-servers", description = "Kafka (default ${DEFAULT-VALUE})")
  String bootstrapServers = DefaultAddresses.BOOTSTRAP_SERVERS;

  @Option(names = "--registry-url", description = "schema registry (default ${DEFAULT-VALUE})")
  String registryUrl = DefaultAddresses.REGISTRY_URL;

  @Option(names = "--topic", description = "the bank topic (default ${DEFAULT-VALUE})")
  String topic = Topic.BANK_SIGNALS.topicName();

  @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for the broker")
  int timeoutSeconds;

  @Option(names = "--client-config", description = "client security settings for Kafka and the"
      + " registry (security.protocol, sasl.*, ssl.*, basic.auth.user.info, ...; SECURITY.md;"
      + " default: none, plaintext)")
  Path clientConfig;

  BankTopic topic() {
    KafkaClientSecurity security =
        clientConfig == null ? KafkaClientSecurity.none() : KafkaClientSecurity.load(clientConfig);
    return new BankTopic(new ClientConnection(bootstrapServers, registryUrl, security), topic,
        Duration.ofSeconds(timeoutSeconds));
  }
}
