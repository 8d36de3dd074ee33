package io.hashstream.alerts.it;

import static io.hashstream.alerts.testing.InputRecords.match;
import static io.hashstream.alerts.testing.InputRecords.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.alerts.AlertsApp;
import io.hashstream.alerts.config.AlertsConfig;
import io.hashstream.alerts.processor.ActionIds;
import io.hashstream.testing.Await;
import io.hashstream.alerts.testing.Http;
import io.hashstream.alerts.testing.Http.Answer;
import io.hashstream.alerts.testing.InputRecords;
import io.hashstream.alerts.testing.Kafka;
import io.hashstream.alerts.testing.SharedPlatform;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's wiring on real parts: the embedded broker and registry, Kafka Streams with
 * exactly-once, the HTTP side; then a second instance, and look-ups routed by Kafka Streams'
 * metadata. The rules themselves are covered by the topology tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension static final SharedPlatform PLATFORM = new SharedPlatform();
  @TempDir static Path stateDirs;

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String T = "it-" + RUN;
  private static AlertsConfig config;
  private static AlertsApp first;
  private static AlertsApp second;
  private static Kafka kafka;

  @BeforeAll
  static void start() throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    kafka = new Kafka(platform);
    config = SharedPlatform.serviceConfig(platform, "alerts-it-" + RUN, stateDirs.resolve("first"));
    first = AlertsApp.start(config).awaitRunning(WAIT);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Instant now() {
    return Instant.now();
  }

  @Test
  @Order(1)
  void matchesVerdictsAndUploadsBecomeActionsLookUpsAndThumbnails() {
    kafka.send(InputRecords.upload(T, "upload-1", 320, 240, Color.MAGENTA, now()));
    kafka.send(verdict(T, "banked", "known-spam", Verdict.REMOVE, now()));
    kafka.flush();
    String base = first.pageUrl() + "api/v1/";
    Await.until("the verdict to be queryable", WAIT, () -> Http.get(base + "verdict?tenant=" + T + "&image=banked").status(), s -> s == 200);
    kafka.send(match(T, "upload-1", "banked", 3, now()));
    kafka.send(match(T, "b", "a", 5, now()));
    kafka.flush();

    List<ModerationAction> actions =
        kafka.awaitActions(a -> a.getTenant().equals(T), l -> l.size() >= 2, WAIT);
    assertThat(actions)
        .extracting(a -> a.getImageId() + ":" + a.getAction())
        .containsExactlyInAnyOrder("upload-1:BLOCK", "b:ALERT");
    ModerationAction block = actions.stream().filter(a -> a.getAction() == ActionType.BLOCK).findFirst().orElseThrow();
    assertThat(block.getBank()).isEqualTo("known-spam");
    assertThat(block.getModelVersion()).isEqualTo(InputRecords.MODEL);
    assertThat(block.getActionId()).isEqualTo(ActionIds.action(ActionType.BLOCK, T, "upload-1"));

    Answer c = Http.get(base + "case?tenant=" + T + "&image=banked");
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.json().path("verdict").path("verdict").asText()).isEqualTo("REMOVE");
    assertThat(c.json().path("matches").get(0).path("queryId").asText()).isEqualTo("upload-1");
    assertThat(Http.get(base + "actions?tenant=" + T).json().path("actions")).hasSize(2);
    Answer thumb =
        Await.until("the thumbnail", WAIT, () -> Http.get(base + "thumbnail?tenant=" + T + "&image=upload-1"), a -> a.status() == 200);
    assertThat(thumb.contentType()).isEqualTo("image/jpeg");
  }

  @Test
  @Order(2)
  void garbageBecomesADeadLetterAndTheServiceCarriesOn() {
    String key = T + "/garbage";
    kafka.raw(Topic.NEAR_DUPLICATES, key, "not avro".getBytes(StandardCharsets.UTF_8));
    kafka.send(match(T, "after-garbage", "a", 5, now()));
    kafka.flush();

    List<DeadLetter> letters =
        kafka.awaitDeadLetters(d -> d.getRecordKey() != null && key.equals(StandardCharsets.UTF_8.decode(d.getRecordKey().duplicate()).toString()), 1, WAIT);
    assertThat(letters.get(0).getReason()).isEqualTo(DeadLetterReason.MALFORMED_FRAME);
    assertThat(letters.get(0).getStage()).isEqualTo("alerts");
    kafka.awaitActions(a -> a.getImageId().equals("after-garbage") && a.getTenant().equals(T), l -> l.size() == 1, WAIT);
  }

  @Test
  @Order(3)
  void theRunningServiceServesItsMetrics() {
    String url = first.pageUrl() + "metrics";
    // Kafka Streams samples its metrics as it polls and commits: the first scrape may precede them
    Answer a = Await.until("process-total and the input lag in /metrics", WAIT, () -> Http.get(url),
        m -> m.status() == 200 && m.text().contains("hashstream_streams_process_total{")
            && m.text().contains("hashstream_streams_records_lag{topic=\"" + Topic.NEAR_DUPLICATES.topicName() + "\""));
    assertThat(a.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    String text = a.text();
    assertThat(value(text, "hashstream_moderation_actions_total{action=\"BLOCK\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "hashstream_moderation_actions_total{action=\"ALERT\"}")).isGreaterThanOrEqualTo(2);
    assertThat(value(text, "hashstream_streams_state{state=\"RUNNING\"}")).isEqualTo(1);
    assertThat(value(text, "hashstream_streams_alive_stream_threads")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "hashstream_lookup_request_duration_seconds_count{endpoint=\"verdict\"}")).isGreaterThanOrEqualTo(1);
    assertThat(text)
        .contains("# TYPE hashstream_lookup_request_duration_seconds histogram")
        .contains("hashstream_streams_commit_latency_avg_seconds{thread=")
        .contains("hashstream_streams_process_rate{thread=")
        .contains("hashstream_streams_records_lag_max{client=")
        .as("no tenant or image in the metrics (thread and topic names hold the application id)")
        .doesNotContain("tenant=").doesNotContain("banked").doesNotContain("upload-1").doesNotContain("after-garbage");
  }

  private static double value(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
  }

  @Test
  @Order(4)
  void aSecondInstanceSharesTheWorkAndLookUpsAreRoutedToTheOwner() throws Exception {
    second = AlertsApp.start(config.withStateDir(stateDirs.resolve("second"))).awaitRunning(WAIT);
    HostInfo hostFirst = new HostInfo("127.0.0.1", first.httpPort());
    HostInfo hostSecond = new HostInfo("127.0.0.1", second.httpPort());
    Await.until("both instances to hold moderation tasks", WAIT,
        () -> Set.copyOf(hosts(first.streams())),
        h -> h.equals(Set.of(hostFirst, hostSecond))
            && first.streams().state() == KafkaStreams.State.RUNNING
            && second.streams().state() == KafkaStreams.State.RUNNING);

    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tenants.add(T + "-t" + i);
      kafka.send(match(T + "-t" + i, "q", "m", 4, now()));
    }
    kafka.flush();
    kafka.awaitActions(a -> tenants.contains(a.getTenant()), l -> l.size() >= tenants.size(), WAIT);

    Set<String> servedBy = new HashSet<>();
    for (String tenant : tenants) {
      String query = "case?tenant=" + tenant + "&image=q";
      Answer viaFirst = Await.until("case of " + tenant, WAIT, () -> Http.get(first.pageUrl() + "api/v1/" + query), a -> a.status() == 200);
      Answer viaSecond = Http.get(second.pageUrl() + "api/v1/" + query);
      assertThat(viaSecond.status()).isEqualTo(200);
      assertThat(viaSecond.text()).isEqualTo(viaFirst.text());
      assertThat(viaSecond.servedBy()).isEqualTo(viaFirst.servedBy());
      HostInfo owner = first.streams().queryMetadataForKey(StoreNames.MATCHES, TenantKeys.key(tenant, "q"), TenantKeys.partitioner()).activeHost();
      assertThat(viaFirst.servedBy()).isEqualTo(owner.host() + ":" + owner.port());
      servedBy.add(viaFirst.servedBy());
    }
    assertThat(servedBy).as("8 tenants over 4 partitions on 2 instances").hasSize(2);

    Answer all = Http.get(second.pageUrl() + "api/v1/actions?limit=500");
    assertThat(all.json().path("partial").asBoolean()).isFalse();
    List<String> listed = new ArrayList<>();
    all.json().path("actions").forEach(a -> listed.add(a.path("tenant").asText()));
    assertThat(listed).containsAll(tenants);
  }

  private static List<HostInfo> hosts(KafkaStreams streams) {
    return streams.streamsMetadataForStore(StoreNames.MATCHES).stream()
        .filter(m -> !m.topicPartitions().isEmpty())
        .map(m -> m.hostInfo())
        .toList();
  }
}
