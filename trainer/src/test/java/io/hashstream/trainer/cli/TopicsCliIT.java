package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hashstream topics} on a broker without hashstream's topics, run twice. */
class TopicsCliIT {
  @Test
  void createsEveryTopicOnceWithItsPartitionsAndKeepsThemOnTheSecondRun() throws Exception {
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(
        PlatformConfig.ephemeral().withBootstrap(false, false))) {
      String first = run(platform.bootstrapServers());
      assertThat(first).contains("images               created 4 partitions")
          .contains("hashcoder-control    created 1 partition");
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
      try (Admin admin = Admin.create(p)) {
        Map<String, TopicDescription> topics = admin.describeTopics(
            Topic.all().stream().map(Topic::topicName).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
        for (Topic t : Topic.all()) {
          assertThat(topics.get(t.topicName()).partitions()).hasSize(t.defaultPartitions());
        }
      }
      assertThat(run(platform.bootstrapServers())).doesNotContain("created")
          .contains("near-duplicates      exists  4 partitions");
    }
  }

  private static String run(String bootstrap) {
    TopicsCli cli = new TopicsCli();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    cli.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(new CommandLine(cli).execute("--bootstrap-servers", bootstrap)).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
