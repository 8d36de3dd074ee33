package io.hashstream.flink.kafka;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.config.TopicNames;
import io.hashstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
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

  /** Creates the seven topics of {@code config}; fails if one exists already. */
  public static void create(Admin admin, JobConfig config, Duration timeout) throws Exception {
    List<String> names = config.topics().all();
    List<Topic> roles = TopicNames.roles();
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Topic like = roles.get(i);
      topics.add(new NewTopic(names.get(i), like.defaultPartitions(), (short) 1)
          .configs(like.topicConfig()));
    }
    admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
