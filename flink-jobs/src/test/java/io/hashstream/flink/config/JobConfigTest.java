package io.hashstream.flink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.Topic;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @Test
  void theDefaultsAreTypedAndTheTopicNamesComeFromTopic() {
    JobConfig c = JobConfig.defaults();
    assertThat(c.topics()).isEqualTo(new TopicNames(Topic.IMAGES.topicName(),
        Topic.HASH_CODES.topicName(), Topic.NEAR_DUPLICATES.topicName(),
        Topic.HASHCODER_CONTROL.topicName(), Topic.DEAD_LETTERS.topicName(),
        Topic.BANK_SIGNALS.topicName(), Topic.BANK_MATCHES.topicName()));
    assertThat(c.producerProperties()).containsEntry("compression.type", "gzip");
    assertThat(c.bankPdqRadius()).isEqualTo(31);
    assertThat(c.bankPdqVariants()).isEqualTo(JobConfig.PdqVariants.ALL);
    assertThat(c.bankSubscriptions().allows("any-tenant", "ANY_BANK")).isTrue();
    assertThat(c.device()).isEqualTo(JobConfig.Device.AUTO);
    assertThat(c.startingOffsets()).isEqualTo(JobConfig.StartingOffsets.EARLIEST);
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.batchMaxWait()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.radius()).isEqualTo(4);
  }

  @Test
  void tenantsNamedInBankSubscriptionsGetTheirBanksOnlyAndTheOthersTheDefault() {
    JobConfig c = JobConfig.defaults().with(Map.of(
        "banks.subscribe.acme", "STOP_NCII, allow-stock", "banks.default-subscription", "none"));

    assertThat(c.bankSubscriptions().allows("acme", "STOP_NCII")).isTrue();
    assertThat(c.bankSubscriptions().allows("acme", "allow-stock")).isTrue();
    assertThat(c.bankSubscriptions().allows("acme", "other")).isFalse();
    assertThat(c.bankSubscriptions().allows("globex", "STOP_NCII")).isFalse();
    assertThatThrownBy(() -> JobConfig.defaults().with("banks.subscribe.acme", "A,,B"))
        .hasMessageContaining("banks.subscribe.acme");
    assertThatThrownBy(() -> JobConfig.defaults().with("banks.pdq-variants", "some"))
        .hasMessageContaining("all, original");
  }

  @Test
  void theDefaultsFileRepeatsNoTopicName() throws Exception {
    Properties file = new Properties();
    try (InputStream in = JobConfig.class.getResourceAsStream(JobConfig.DEFAULTS_RESOURCE)) {
      file.load(in);
    }
    assertThat(file.stringPropertyNames()).noneMatch(k -> k.startsWith("topic."));
  }

  @Test
  void anIsolatedCopyRenamesEveryTopicItsGroupAndItsTransactionalIds() {
    JobConfig base = JobConfig.defaults();
    JobConfig run = base.isolated("run-7");
    assertThat(run.topics().all())
        .containsExactly("images-run-7", "hash-codes-run-7", "near-duplicates-run-7",
            "dead-letters-run-7", "hashcoder-control-run-7", "bank-signals-run-7",
            "bank-matches-run-7");
    assertThat(run.groupId()).isEqualTo(base.groupId() + "-run-7");
    assertThat(run.transactionalIdPrefix()).isEqualTo(base.transactionalIdPrefix() + "-run-7");
    assertThat(run.radius()).isEqualTo(base.radius());
  }

  @Test
  void anUnknownSettingIsRefusedWithTheListOfKnownOnes() {
    assertThatThrownBy(() -> JobConfig.defaults().with("index.raduis", "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index.raduis")
        .hasMessageContaining("index.radius")
        .hasMessageContaining("topic.images")
        .hasMessageContaining("hashstream-job.properties");
  }

  @Test
  void choicesAreEnumsInAnyCaseAndABadOneListsTheChoices() {
    assertThat(JobConfig.defaults().with("inference.device", "GPU").device())
        .isEqualTo(JobConfig.Device.GPU);
    assertThat(JobConfig.defaults().with("kafka.starting-offsets", "latest").startingOffsets())
        .isEqualTo(JobConfig.StartingOffsets.LATEST);
    assertThatThrownBy(() -> JobConfig.defaults().with("inference.device", "tpu"))
        .hasMessageContaining("inference.device must be one of auto, cpu, gpu, got 'tpu'");
  }

  @Test
  void badValuesAreRefusedWhenTheConfigurationIsBuiltNamingTheKey() {
    assertThatThrownBy(() -> JobConfig.defaults().with("checkpoint.changelog", "yes"))
        .hasMessageContaining("checkpoint.changelog must be true or false");
    assertThatThrownBy(() -> JobConfig.defaults().with("index.radius", "-1"))
        .hasMessageContaining("index.radius must be >= 0");
    assertThatThrownBy(() -> JobConfig.defaults().with("job.parallelism", "two"))
        .hasMessageContaining("job.parallelism must be an integer");
    assertThatThrownBy(() -> JobConfig.defaults().with("checkpoint.interval", "0ms"))
        .hasMessageContaining("checkpoint.interval must be positive");
    assertThatThrownBy(() -> JobConfig.defaults().with("swap.rehash-slice", "soon"))
        .hasMessageContaining("swap.rehash-slice must be a duration");
    assertThatThrownBy(() -> JobConfig.defaults().with("topic.images", " "))
        .hasMessageContaining("topic.images must not be empty");
  }

  @Test
  void kafkaClientPropertiesPassThroughUnderTheirPrefixes() {
    JobConfig config = JobConfig.defaults()
        .with(Map.of("kafka.consumer.fetch.min.bytes", "65536",
            "kafka.producer.compression.type", "none"));
    assertThat(config.consumerProperties()).containsExactly(Map.entry("fetch.min.bytes", "65536"));
    assertThat(config.producerProperties()).containsExactly(Map.entry("compression.type", "none"));
    assertThatThrownBy(() -> JobConfig.defaults().with("kafka.consumer.", "x"))
        .hasMessageContaining("unknown job setting");
  }

  @Test
  void aUsersFileOverridesTheDefaultsAndAnEmptyCheckpointDirMeansTheStateDirectory(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "index.radius = 7\ntopic.images=uploads\n");
    JobConfig c = JobConfig.load(file);
    assertThat(c.radius()).isEqualTo(7);
    assertThat(c.topics().images()).isEqualTo("uploads");
    assertThat(c.checkpointDir()).startsWith("file:").contains("hashstream/checkpoints");
    assertThat(c.with("checkpoint.dir", "s3://b/cp").changelogDir()).isEqualTo("s3://b/cp/changelog");
    // a plain path, as a user types it, is a local directory (Flink needs the scheme)
    assertThat(c.with("checkpoint.dir", "/tmp/hs-ck").checkpointDir()).isEqualTo("file:///tmp/hs-ck");
    assertThat(c.with("checkpoint.dir", "file:///tmp/hs-ck").checkpointDir()).isEqualTo("file:///tmp/hs-ck");
  }
}
