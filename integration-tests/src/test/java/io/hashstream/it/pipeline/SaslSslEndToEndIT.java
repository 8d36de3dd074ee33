package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.it.pipeline.Photos.Photo;
import io.hashstream.testing.Await;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
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
 * The service's look-up API runs over HTTPS with tokens: none is 401, another tenant's token sees
 * nothing of this tenant (403 keyed, filtered listings), the tenant's and the admin token see it.
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

    Path alertsDir = Files.createDirectories(dir.resolve("alerts"));
    Path tokens = Files.writeString(alertsDir.resolve("tokens"), String.join("\n",
        tokenLine("moderator", "admin", ADMIN_TOKEN),
        tokenLine("acme-team", "tenants=" + TENANT, ACME_TOKEN),
        tokenLine("other-team", "tenants=other", OTHER_TOKEN)) + "\n");
    Path password = Files.writeString(alertsDir.resolve("keystore-password"), platform.tls().keyStorePassword());
    List<String> httpsWithTokens = List.of("--tokens", tokens.toString(),
        "--https-keystore", platform.tls().keyStore().toString(),
        "--https-keystore-password-file", password.toString());

    try (ModerationServiceProcess alerts = ModerationServiceProcess.start(kafka, alertsDir, httpsWithTokens);
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

      HttpClient https = HttpClient.newBuilder().sslContext(kafka.security().registrySslContext()).build();
      String api = "https://127.0.0.1:" + alerts.httpPort() + "/api/v1/";
      Await.until("the acme team's actions", WAIT, () -> get(https, api + "actions", ACME_TOKEN),
          r -> r.statusCode() == 200 && r.body().contains("copy-0") && r.body().contains("copy-1"));
      assertThat(get(https, api + "actions", null).statusCode()).isEqualTo(401);
      assertThat(get(https, api + "case?tenant=" + TENANT + "&image=copy-0", OTHER_TOKEN).statusCode()).isEqualTo(403);
      HttpResponse<String> othersView = get(https, api + "actions", OTHER_TOKEN);
      assertThat(othersView.statusCode()).isEqualTo(200);
      assertThat(othersView.body()).doesNotContain(TENANT, "copy-0");
      assertThat(get(https, api + "case?tenant=" + TENANT + "&image=copy-0", ACME_TOKEN).body()).contains("orig-0");
      assertThat(get(https, api + "actions", ADMIN_TOKEN).body()).contains("copy-0", "copy-1");
    }
  }

  private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID() + UUID.randomUUID();
  private static final String ACME_TOKEN = "acme-" + UUID.randomUUID() + UUID.randomUUID();
  private static final String OTHER_TOKEN = "other-" + UUID.randomUUID() + UUID.randomUUID();

  /** A line of the moderation service's token file: the token's sha256, never the token. */
  private static String tokenLine(String name, String scope, String token) throws Exception {
    return name + " " + scope + " sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
  }

  private static HttpResponse<String> get(HttpClient client, String url, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
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
