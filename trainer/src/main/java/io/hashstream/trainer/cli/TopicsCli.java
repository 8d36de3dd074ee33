package io.hashstream.trainer.cli;

import io.hashstream.schemas.DefaultAddresses;
import io.hashstream.schemas.Topic;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hashstream topics}: creates hashstream's topics on a Kafka cluster that does not have
 * them yet (a fresh broker in a container or on Kubernetes), each with the partitions and cleanup
 * policy of its {@link Topic}: one partition for the control topic (every job subtask must read
 * one order), compaction for the verdicts. Topics that exist are left as they are and listed with
 * their partition count; running it again changes nothing.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Create hashstream's topics (images, hash-codes, near-duplicates, hashcoder-control,"
          + " dead-letters, moderation-verdicts, moderation-actions) where they are missing;"
          + " existing topics are kept."
    })
public final class TopicsCli implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka (default ${DEFAULT-VALUE})")
  String bootstrapServers = DefaultAddresses.BOOTSTRAP_SERVERS;

  @Option(names = "--replication-factor",
      description = "replicas per partition (default: the broker's default.replication.factor)")
  Short replicationFactor;

  @Option(names = "--timeout", defaultValue = "60",
      description = "seconds to wait for the broker (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopicsCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic t : Topic.all()) {
        if (!existing.contains(t.topicName())) {
          missing.add(new NewTopic(t.topicName(), Optional.of(t.defaultPartitions()),
              Optional.ofNullable(replicationFactor)).configs(t.topicConfig()));
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // another instance created one meanwhile: fine, the listing below shows it
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw e;
          }
        }
      }
      Map<String, TopicDescription> described = admin.describeTopics(
              Topic.all().stream().map(Topic::topicName).toList())
          .allTopicNames().get(timeoutSeconds, TimeUnit.SECONDS);
      for (Topic t : Topic.all()) {
        boolean created = missing.stream().anyMatch(n -> n.name().equals(t.topicName()));
        int partitions = described.get(t.topicName()).partitions().size();
        out.printf("%-20s %-7s %d partition%s%s%n", t.topicName(), created ? "created" : "exists",
            partitions, partitions == 1 ? "" : "s",
            partitions != t.defaultPartitions() && t == Topic.HASHCODER_CONTROL
                ? "  (WARNING: the control topic must have exactly 1 partition)" : "");
      }
      if (described.get(Topic.HASHCODER_CONTROL.topicName()).partitions().size() != 1) {
        return 3;
      }
    }
    return 0;
  }
}
