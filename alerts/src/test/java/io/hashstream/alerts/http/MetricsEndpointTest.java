package io.hashstream.alerts.http;

import static io.hashstream.alerts.testing.InputRecords.T0;
import static io.hashstream.alerts.testing.InputRecords.match;
import static io.hashstream.alerts.testing.InputRecords.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.alerts.access.FailedAuthLimiter;
import io.hashstream.alerts.access.Scope;
import io.hashstream.alerts.access.TokenFile;
import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.metrics.PrometheusText;
import io.hashstream.alerts.metrics.ServiceMetrics;
import io.hashstream.alerts.metrics.StreamsMetricsExport;
import io.hashstream.alerts.testing.AlertsDriver;
import io.hashstream.alerts.testing.DriverStores;
import io.hashstream.alerts.testing.Http;
import io.hashstream.alerts.testing.Http.Answer;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.Verdict;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a real HTTP server over a TopologyTestDriver: action counters move as
 * the topology emits actions, look-ups are timed, and who may scrape (with tokens: admin or a
 * {@code metrics} token; without: anyone on loopback). No tenant or image appears in the metrics.
 */
class MetricsEndpointTest {
  private static final String TENANT = "tenant-secret-name";
  private static final String ADMIN = "admin-" + TokenFile.newToken();
  private static final String SCRAPE = "scrape-" + TokenFile.newToken();
  private static final String TEAM = "team-" + TokenFile.newToken();

  @TempDir static Path stateDir;
  private static ServiceMetrics metrics;
  private static AlertsDriver alerts;
  private static AlertsHttpServer secured;
  private static AlertsHttpServer open;

  @BeforeAll
  static void start() throws Exception {
    metrics = new ServiceMetrics();
    alerts = new AlertsDriver(RulesConfig.defaults(), stateDir, metrics);
    TokenFile tokens = TokenFile.parse(List.of(
        TokenFile.line("moderator", Scope.ALL, ADMIN),
        TokenFile.line("prometheus", Scope.METRICS, SCRAPE),
        TokenFile.line("team", Scope.tenants(Set.of(TENANT)), TEAM)), "tokens");
    secured = AlertsHttpServer.bind("127.0.0.1", 0, ApiAccess.of(tokens, null, null, FailedAuthLimiter.defaults()));
    open = AlertsHttpServer.bind("127.0.0.1", 0);
    for (AlertsHttpServer http : List.of(secured, open)) {
      http.start(new CaseLookup(new DriverStores(alerts.driver())), Routing.single(new HostInfo("127.0.0.1", http.port())),
          () -> "RUNNING", metrics, new StreamsMetricsExport(() -> KafkaStreams.State.RUNNING, alerts.driver()::metrics));
    }
  }

  @AfterAll
  static void stop() {
    secured.close();
    open.close();
    alerts.close();
  }

  @Test
  void actionCountersMoveWhenTheTopologyEmitsActions() {
    long blocks = metrics.actions(ActionType.BLOCK);
    long alertsBefore = metrics.actions(ActionType.ALERT);
    alerts.pipe(verdict(TENANT, "banked-image", "known-spam", Verdict.REMOVE, T0));
    alerts.pipe(match(TENANT, "upload-image", "banked-image", 3, T0.plusSeconds(1)));
    alerts.pipe(match(TENANT, "copy-b", "copy-a", 5, T0.plusSeconds(2)));
    assertThat(alerts.actions()).extracting(a -> a.getAction()).contains(ActionType.BLOCK, ActionType.ALERT);
    assertThat(metrics.actions(ActionType.BLOCK)).isEqualTo(blocks + 1);
    assertThat(metrics.actions(ActionType.ALERT)).isEqualTo(alertsBefore + 1);

    String text = scrape(open, null).text();
    assertThat(value(text, "hashstream_moderation_actions_total{action=\"BLOCK\"}")).isEqualTo(blocks + 1);
    assertThat(value(text, "hashstream_moderation_actions_total{action=\"ALERT\"}")).isEqualTo(alertsBefore + 1);
    assertThat(text).doesNotContain(TENANT).doesNotContain("banked-image").doesNotContain("upload-image");
  }

  @Test
  void lookUpsAreTimedByEndpoint() {
    String api = "http://127.0.0.1:" + open.port() + "/api/v1/";
    long before = metrics.lookups("verdict");
    Http.get(api + "verdict?tenant=" + TENANT + "&image=nothing");
    Http.get(api + "health");
    assertThat(metrics.lookups("verdict")).isEqualTo(before + 1);
    String text = scrape(open, null).text();
    assertThat(text)
        .contains("# TYPE hashstream_lookup_request_duration_seconds histogram")
        .contains("hashstream_lookup_request_duration_seconds_bucket{endpoint=\"verdict\",le=\"+Inf\"}")
        .contains("hashstream_lookup_responses_total{endpoint=\"verdict\",code=\"404\"}")
        .contains("hashstream_lookup_request_duration_seconds_count{endpoint=\"health\"}");
    assertThat(value(text, "hashstream_lookup_request_duration_seconds_count{endpoint=\"verdict\"}")).isGreaterThanOrEqualTo(1);
    assertThat(text).doesNotContain(TENANT).doesNotContain("nothing");
  }

  @Test
  void theScrapeIsTheTextFormatWithKafkaStreamsState() {
    Answer a = scrape(secured, ADMIN);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).isEqualTo(PrometheusText.CONTENT_TYPE);
    String text = a.text();
    assertThat(text).endsWith("\n").contains("hashstream_streams_state{state=\"RUNNING\"} 1\n");
    for (String line : text.split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) [a-z_:]+ .*|[a-z_:]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? \\S+");
    }
  }

  @Test
  void withTokensAnAdminOrAMetricsTokenScrapes() {
    assertThat(scrape(secured, ADMIN).status()).isEqualTo(200);
    assertThat(scrape(secured, SCRAPE).status()).isEqualTo(200);
    assertThat(scrape(secured, TEAM).status()).as("a tenant's token").isEqualTo(403);
    assertThat(scrape(secured, null).status()).isEqualTo(401);
    Answer api = Http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + secured.port() + "/api/v1/actions?tenant=" + TENANT))
        .header("Authorization", "Bearer " + SCRAPE).GET());
    assertThat(api.status()).as("a metrics token reads no tenant's data").isEqualTo(403);
    assertThat(api.json().path("error").asText()).contains("/metrics only");
    assertThat(Http.get("http://127.0.0.1:" + open.port() + "/metrics/other").status()).isEqualTo(404);
    assertThat(Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + open.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(405);
  }

  private static Answer scrape(AlertsHttpServer http, String token) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return Http.send(r);
  }

  private static double value(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
  }
}
