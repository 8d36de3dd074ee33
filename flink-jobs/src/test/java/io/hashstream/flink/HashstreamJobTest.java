package io.hashstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.flink.config.JobConfig;
import org.junit.jupiter.api.Test;

class HashstreamJobTest {
  @Test
  void checkpointsLogStateChangesBesideTheCheckpointsUnlessTurnedOff() {
    JobConfig config = JobConfig.defaults().with("checkpoint.dir", "file:///var/hs/cp");
    var flink = HashstreamJob.flinkConfiguration(config);
    assertThat(flink.toMap())
        .containsEntry("state.changelog.enabled", "true")
        .containsEntry("state.changelog.dstl.dfs.base-path", "file:///var/hs/cp/changelog")
        .containsEntry("state.changelog.periodic-materialize.interval", "180000ms")
        .containsEntry("pipeline.auto-generate-uids", "false");
    var off = HashstreamJob.flinkConfiguration(config.with("checkpoint.changelog", "false"));
    assertThat(off.toMap()).doesNotContainKey("state.changelog.enabled");
  }

  @Test
  void theJarsArgumentsAreSettingsOverTheDefaults() {
    JobConfig c = HashstreamJob.parse(new String[] {"--set", "index.radius=9", "--set", "kafka.bootstrap-servers=k:9092"});
    assertThat(c.radius()).isEqualTo(9);
    assertThat(c.bootstrapServers()).isEqualTo("k:9092");
    assertThatThrownBy(() -> HashstreamJob.parse(new String[] {"--set", "radius"}))
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> HashstreamJob.parse(new String[] {"--oops", "x"}))
        .hasMessageContaining("usage");
  }
}
