package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.it.pipeline.Photos.Photo;
import io.hashstream.it.platform.ModerationServiceProcess;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.it.platform.TopicReader;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system against a SASL_SSL broker (SCRAM-SHA-512) and an https registry with basic
 * auth: the streaming job (a MiniCluster, its settings from a client settings file) and the
 * moderation service (its own JVM, {@code --client-config}) exchange uploads, matches, verdicts and
 * actions with nothing in clear. A copy of a banked image is blocked, a copy of another is alerted.
 */
class SaslSslEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final String TENANT = "acme";

  @RegisterExtension static final PlatformExtension PLATFORM = PlatformExtension.secured();

  @Test
  void theJobAndTheModerationServiceRunEndToEndOverSaslSsl(@TempDir Path dir) throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    ClientConnection kafka = platform.clientConnection();
    assertThat(kafka.security().protocol()).isEqualTo(KafkaClientSecurity.Protocol.SASL_SSL);
    List<Photo> photos = Photos.all();
    publishVerdict(kafka, "orig-0", "known-bad", Verdict.REMOVE);

    try (ModerationServiceProcess alerts = ModerationServiceProcess.start(kafka, dir.resolve("alerts"), List.of());
        JobHarness job = JobHarness.startOnPlatformTopics(platform, dir.resolve("checkpoints"),
            Map.of("index.radius", "3"))) {
      assertThat(job.config.security()).isEqualTo(kafka.security());
      job.send(Uploads.withEmbedding(TENANT, "orig-0", photos.get(0).embedding()));
      job.send(Uploads.withEmbedding(TENANT, "orig-1", photos.get(1).embedding()));
      job.awaitCodes(c -> c.getImageId().startsWith("orig-"), 2);
      job.send(Uploads.withEmbedding(TENANT, "copy-0", Uploads.jitter(photos.get(0).embedding(), 1e-3, 0)));
      job.send(Uploads.withEmbedding(TENANT, "copy-1", Uploads.jitter(photos.get(1).embedding(), 1e-3, 1)));
      assertThat(job.awaitAlerts(2)).extracting(a -> a.getQueryId() + "~" + a.getMatchId())
          .containsExactlyInAnyOrder("copy-0~orig-0", "copy-1~orig-1");

      List<ModerationAction> actions = awaitActions(kafka, alerts, 2);
      assertThat(actions).extracting(a -> a.getImageId() + " " + a.getAction() + " " + a.getBank())
          .containsExactlyInAnyOrder("copy-0 BLOCK known-bad", "copy-1 ALERT null");
      assertThat(alerts.isAlive()).as(alerts.logText()).isTrue();
    }
  }

  private static void publishVerdict(ClientConnection kafka, String imageId, String bank, Verdict verdict)
      throws Exception {
    Map<String, Object> props = kafka.clientProperties();
    RegistryAvroSerializer<ModerationVerdict> values = new RegistryAvroSerializer<>();
    values.configure(props, false);
    try (KafkaProducer<String, ModerationVerdict> producer =
        new KafkaProducer<>(props, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(Topic.MODERATION_VERDICTS.topicName(), TENANT + "/" + imageId,
          ModerationVerdict.newBuilder().setTenant(TENANT).setImageId(imageId).setBank(bank)
              .setVerdict(verdict).setDecidedBy("it").setDecidedAt(Instant.now()).build()))
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static List<ModerationAction> awaitActions(
      ClientConnection kafka, ModerationServiceProcess alerts, int count) {
    Map<String, Object> props = kafka.clientProperties();
    props.put(RegistryAvroSerde.VALUE_TYPE, ModerationAction.class.getName());
    RegistryAvroDeserializer<ModerationAction> values = new RegistryAvroDeserializer<>();
    values.configure(props, false);
    try {
      return TopicReader.await(kafka.kafkaProperties(), Topic.MODERATION_ACTIONS.topicName(),
              new StringDeserializer(), values,
              r -> r.value().getTenant().equals(TENANT) && r.value().getAction() != ActionType.FLOOD,
              count, WAIT)
          .stream().map(ConsumerRecord::value).toList();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nmoderation service log:\n" + alerts.logText(), e);
    }
  }
}
