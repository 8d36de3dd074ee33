package io.hashstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobConfigTest {
  @Test
  void anIsolatedCopyRenamesEveryTopicItsGroupAndItsTransactionalIds() {
    JobConfig base = JobConfig.defaults();
    JobConfig run = base.isolated("run-7");
    assertThat(JobTopics.names(run))
        .containsExactly("images-run-7", "hash-codes-run-7", "near-duplicates-run-7",
            "dead-letters-run-7", "hashcoder-control-run-7");
    assertThat(run.groupId()).isEqualTo(base.groupId() + "-run-7");
    assertThat(run.transactionalIdPrefix()).isEqualTo(base.transactionalIdPrefix() + "-run-7");
    assertThat(run.radius()).isEqualTo(base.radius());
  }

  @Test
  void anUnknownSettingIsRefusedWithWhereTheSettingsAreListed() {
    assertThatThrownBy(() -> JobConfig.defaults().with("index.raduis", "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index.raduis")
        .hasMessageContaining("hashstream-job.properties");
  }

  @Test
  void checkpointsLogStateChangesBesideTheCheckpointsUnlessTurnedOff() {
    JobConfig config = JobConfig.defaults().with("checkpoint.dir", "file:///var/hs/cp");
    var flink = HashstreamJob.flinkConfiguration(config);
    assertThat(flink.toMap())
        .containsEntry("state.changelog.enabled", "true")
        .containsEntry("state.changelog.dstl.dfs.base-path", "file:///var/hs/cp/changelog")
        .containsEntry("state.changelog.periodic-materialize.interval", "180000ms");
    var off = HashstreamJob.flinkConfiguration(config.with("checkpoint.changelog", "false"));
    assertThat(off.toMap()).doesNotContainKey("state.changelog.enabled");
  }

  @Test
  void kafkaClientPropertiesPassThroughUnderTheirPrefixes() {
    JobConfig config = JobConfig.defaults()
        .with(java.util.Map.of("kafka.consumer.fetch.min.bytes", "65536",
            "kafka.producer.compression.type", "none"));
    assertThat(config.consumerProperties()).containsExactly(java.util.Map.entry("fetch.min.bytes", "65536"));
    assertThat(config.producerProperties()).containsExactly(java.util.Map.entry("compression.type", "none"));
    assertThatThrownBy(() -> JobConfig.defaults().with("kafka.consumer.", "x"))
        .hasMessageContaining("unknown job setting");
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseIsRefused() {
    assertThatThrownBy(() -> JobConfig.defaults().with("checkpoint.changelog", "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint.changelog must be true or false");
  }
}
