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
}
