package io.hashstream.flink.job;

import io.hashstream.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics a job's configuration names, with the partitions and settings of the
 * matching {@link Topic} (one partition for the control topic, so every subtask reads one order).
 * The embedded platform creates the default names itself; this is for jobs whose topics are
 * renamed ({@link JobConfig#isolated}) or a fresh cluster.
 */
public final class JobTopics {
  private JobTopics() {}

  /** Creates the five topics of {@code config}; fails if one exists already. */
  public static void create(Admin admin, JobConfig config, Duration timeout) throws Exception {
    admin.createTopics(List.of(
            topic(config.imagesTopic(), Topic.IMAGES),
            topic(config.hashCodesTopic(), Topic.HASH_CODES),
            topic(config.nearDuplicatesTopic(), Topic.NEAR_DUPLICATES),
            topic(config.deadLettersTopic(), Topic.DEAD_LETTERS),
            topic(config.controlTopic(), Topic.HASHCODER_CONTROL)))
        .all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The five topic names of {@code config}. */
  public static List<String> names(JobConfig config) {
    return List.of(config.imagesTopic(), config.hashCodesTopic(), config.nearDuplicatesTopic(),
        config.deadLettersTopic(), config.controlTopic());
  }

  private static NewTopic topic(String name, Topic like) {
    return new NewTopic(name, like.defaultPartitions(), (short) 1).configs(like.topicConfig());
  }
}
