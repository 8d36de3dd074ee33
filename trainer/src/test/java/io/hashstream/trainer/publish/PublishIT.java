package io.hashstream.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.model.ModelArtifact;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.trainer.cli.PublishCli;
import java.nio.file.Path;
import io.hashstream.schemas.security.ModelSigning;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hashstream publish} against the embedded broker and registry, read back as Avro. */
class PublishIT {
  private static EmbeddedPlatform platform;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    platform = EmbeddedPlatform.start(PlatformConfig.ephemeral());
    platform.createTopics(List.of(Topic.HASHCODER_CONTROL), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void thePublishedUpdateReadsBackWithEveryField() {
    ModelArtifact artifact = SmallModels.artifact("crovca-16-publish-it", 3);
    Path file = dir.resolve("model.hsm");
    String sha256 = artifact.write(file);

    Path key = dir.resolve("keys/model-signing");
    assertThat(new CommandLine(new PublishCli()).execute("--generate-key", key.toString())).isZero();
    int status =
        new CommandLine(new PublishCli())
            .execute(
                "--model", file.toString(),
                "--signing-key", key + ".key",
                "--artifact-uri", "file:///models/model.hsm",
                "--bootstrap-servers", platform.bootstrapServers(),
                "--registry-url", platform.registryUrl(),
                "--created-by", "PublishIT");
    assertThat(status).isZero();

    ModelUpdate update = readOne(Duration.ofSeconds(60));
    assertThat(update.getVersion()).isEqualTo("crovca-16-publish-it");
    assertThat(update.getBits()).isEqualTo(16);
    assertThat(update.getEncoderId()).isEqualTo("test-encoder");
    assertThat(update.getEmbeddingSize()).isEqualTo(8);
    assertThat(update.getArtifactUri()).isEqualTo("file:///models/model.hsm");
    assertThat(update.getArtifactSha256()).isEqualTo(sha256);
    assertThat(update.getMetrics()).containsEntry("loss", 0.25);
    assertThat(update.getCreatedAt()).isEqualTo(SmallModels.CREATED);
    assertThat(update.getCreatedBy()).isEqualTo("PublishIT");
    PublicKey trusted = ModelSigning.readPublicKey(Path.of(key + ".pub"));
    assertThat(update.getSigningKeyId()).isEqualTo(ModelSigning.keyId(trusted));
    assertThat(ModelSigning.verify(update, Map.of(ModelSigning.keyId(trusted), trusted)).valid()).isTrue();
  }

  private static ModelUpdate readOne(Duration timeout) {
    Map<String, Object> config = new HashMap<>(platform.clientConfig());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "publish-it");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(RegistryAvroSerde.VALUE_TYPE, ModelUpdate.class.getName());
    RegistryAvroDeserializer<ModelUpdate> values = new RegistryAvroDeserializer<>();
    values.configure(config, false);
    List<ModelUpdate> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    try (KafkaConsumer<String, ModelUpdate> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(Topic.HASHCODER_CONTROL.topicName()));
      while (seen.isEmpty() && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, ModelUpdate> r : consumer.poll(Duration.ofMillis(500))) {
          assertThat(r.key()).isEqualTo(r.value().getVersion().toString());
          seen.add(r.value());
        }
      }
    }
    assertThat(seen).as("an update on %s within %s", Topic.HASHCODER_CONTROL, timeout).hasSize(1);
    return seen.get(0);
  }
}
