package io.hashstream.trainer.cli;

import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.Topic;
import io.hashstream.trainer.bank.BankTopic;
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

  BankTopic topic() {
    return new BankTopic(bootstrapServers, registryUrl, topic, Duration.ofSeconds(timeoutSeconds));
  }
}
