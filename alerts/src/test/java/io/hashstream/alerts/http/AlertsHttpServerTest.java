package io.hashstream.alerts.http;

import static io.hashstream.alerts.testing.InputRecords.T0;
import static io.hashstream.alerts.testing.InputRecords.match;
import static io.hashstream.alerts.testing.InputRecords.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.processor.ActionIds;
import io.hashstream.alerts.testing.AlertsDriver;
import io.hashstream.alerts.testing.DriverStores;
import io.hashstream.alerts.testing.Http;
import io.hashstream.alerts.testing.Http.Answer;
import io.hashstream.alerts.testing.InputRecords;
import io.hashstream.schemas.Verdict;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The look-up API and the page over the stores of a TopologyTestDriver, on a real HTTP server. */
class AlertsHttpServerTest {
  private static final String T = "tenant-a";

  @TempDir static Path stateDir;
  private static AlertsDriver alerts;
  private static AlertsHttpServer http;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    alerts = new AlertsDriver(RulesConfig.defaults().withFlood(3, Duration.ofMinutes(1), Duration.ofMinutes(5)), stateDir);
    alerts.pipe(verdict(T, "banked", "known-spam", Verdict.REMOVE, at(0)));
    alerts.pipe(InputRecords.upload(T, "upload-1", 320, 240, Color.GREEN, at(1)));
    alerts.pipe(match(T, "upload-1", "banked", 3, at(2)));
    alerts.pipe(match(T, "b", "a", 4, at(3)));
    for (int i = 1; i <= 5; i++) {
      alerts.pipe(match(T, "copy-" + i, "viral", 2, at(10 + i)));
    }
    alerts.pipe(match("tenant-b", "y", "x", 5, at(20)));
    http = AlertsHttpServer.bind("127.0.0.1", 0);
    http.start(new CaseLookup(new DriverStores(alerts.driver())), Routing.single(new HostInfo("127.0.0.1", http.port())), () -> "RUNNING");
    base = "http://127.0.0.1:" + http.port() + "/api/v1/";
  }

  @AfterAll
  static void stop() {
    http.close();
    alerts.close();
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static Answer api(String pathAndQuery) {
    return Http.get(base + pathAndQuery);
  }

  @Test
  void aCaseCarriesVerdictClusterAndMatchesInOneAnswer() {
    Answer a = api("case?tenant=" + T + "&image=banked");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.servedBy()).isEqualTo("127.0.0.1:" + http.port());
    JsonNode c = a.json();
    assertThat(c.path("verdict").path("verdict").asText()).isEqualTo("REMOVE");
    assertThat(c.path("verdict").path("bank").asText()).isEqualTo("known-spam");
    assertThat(c.path("cluster").path("clusterId").asText()).isEqualTo(ActionIds.cluster(T, "banked"));
    assertThat(c.path("cluster").path("size").asLong()).isEqualTo(2);
    JsonNode m = c.path("matches").get(0);
    assertThat(m.path("queryId").asText()).isEqualTo("upload-1");
    assertThat(m.path("distance").asInt()).isEqualTo(3);
    assertThat(m.path("modelVersion").asText()).isEqualTo(InputRecords.MODEL);
  }

  @Test
  void aCaseShowsAFloodedClustersQuarantine() {
    JsonNode c = api("case?tenant=" + T + "&image=copy-5&limit=1").json();
    assertThat(c.path("matches")).hasSize(1);
    assertThat(c.path("cluster").path("size").asLong()).isEqualTo(6);
    assertThat(c.path("cluster").path("quarantinedUntil").asText()).isEqualTo(at(15).plus(Duration.ofMinutes(5)).toString());
    assertThat(c.path("cluster").path("withheldActions").asLong()).isEqualTo(2);
  }

  @Test
  void verdictsAndUnknownImages() {
    assertThat(api("verdict?tenant=" + T + "&image=banked").json().path("decidedBy").asText()).isEqualTo("moderator-7");
    Answer none = api("verdict?tenant=" + T + "&image=upload-1");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().path("error").asText()).contains("no verdict");
    assertThat(api("case?tenant=" + T + "&image=never-seen").status()).isEqualTo(404);
  }

  @Test
  void recentActionsOfATenantAndOfAll() {
    JsonNode mine = api("actions?tenant=" + T + "&limit=2").json();
    assertThat(mine.path("actions")).hasSize(2);
    assertThat(mine.path("actions").get(0).path("action").asText()).isEqualTo("FLOOD");
    JsonNode all = api("actions?limit=7").json();
    assertThat(all.path("partial").asBoolean()).isFalse();
    assertThat(all.path("actions"))
        .extracting(a -> a.path("tenant").asText() + ":" + a.path("imageId").asText() + ":" + a.path("action").asText())
        .containsExactly(
            "tenant-b:y:ALERT", "tenant-a:copy-4:FLOOD", "tenant-a:copy-3:ALERT", "tenant-a:copy-2:ALERT",
            "tenant-a:copy-1:ALERT", "tenant-a:b:ALERT", "tenant-a:upload-1:BLOCK");
  }

  @Test
  void recentClusters() {
    JsonNode clusters = api("clusters?tenant=" + T).json().path("clusters");
    assertThat(clusters).hasSize(3);
    assertThat(clusters.get(0).path("seedId").asText()).isEqualTo("viral");
    assertThat(api("clusters?limit=1").json().path("clusters").get(0).path("tenant").asText()).isEqualTo("tenant-b");
  }

  @Test
  void thumbnailsArJpegsOrAPlaceholderOnRequest() throws Exception {
    Answer jpeg = api("thumbnail?tenant=" + T + "&image=upload-1");
    assertThat(jpeg.status()).isEqualTo(200);
    assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
    assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth()).isEqualTo(96);
    assertThat(api("thumbnail?tenant=" + T + "&image=banked").status()).isEqualTo(404);
    Answer placeholder = api("thumbnail?tenant=" + T + "&image=banked&fallback=placeholder");
    assertThat(placeholder.status()).isEqualTo(200);
    assertThat(placeholder.contentType()).isEqualTo("image/svg+xml");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "case?image=x | 400 | tenant' is required",
        "case?tenant=t | 400 | image' is required",
        "case?tenant=a%2Fb&image=x | 400 | 'tenant' must be",
        "case?tenant=t&image=%00 | 400 | 'image' must be",
        "case?tenant=t&image=x&limit=0 | 400 | 'limit' must be 1..500",
        "case?tenant=t&image=x&limit=501 | 400 | 'limit' must be 1..500",
        "case?tenant=t&image=x&limit=ten | 400 | whole number",
        "case?tenant=t&image=x&tenant=u | 400 | more than once",
        "case?tenant=t&image=x&debug=1 | 400 | unknown parameter 'debug'",
        "thumbnail?tenant=t&image=x&fallback=kitten | 400 | 'fallback' must be one of",
        "health?verbose=1 | 400 | unknown parameter",
        "nothing-here | 404 | no such endpoint",
      })
  void everyParameterIsValidated(String pathAndQuery, int status, String message) {
    Answer a = api(pathAndQuery);
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.json().path("error").asText()).contains(message);
  }

  @Test
  void idsAreTooLongPastTheLimitAndQueriesPastTheirs() {
    String longId = "x".repeat(257);
    assertThat(api("case?tenant=t&image=" + longId).status()).isEqualTo(400);
    assertThat(api("case?tenant=t&image=" + "x".repeat(256)).status()).isEqualTo(404);
    assertThat(api("case?tenant=t&image=x&pad=" + "y".repeat(3000)).status()).isEqualTo(414);
  }

  @Test
  void idsWithSpacesAndUnicodeRoundTrip() {
    alerts.pipe(match("tenant é", "q 1/ü", "m+1", 2, at(-60)));
    String q = "tenant=" + URLEncoder.encode("tenant é", StandardCharsets.UTF_8) + "&image="
        + URLEncoder.encode("q 1/ü", StandardCharsets.UTF_8);
    assertThat(api("case?" + q).json().path("matches").get(0).path("matchId").asText()).isEqualTo("m+1");
  }

  @Test
  void malformedPercentEncodingIsRefused() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port())) {
      socket.getOutputStream().write(
          "GET /api/v1/case?tenant=t&image=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      String statusLine = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
      assertThat(statusLine).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void onlyGetAndHead() {
    Answer post = Http.send(HttpRequest.newBuilder(URI.create(base + "health")).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.status()).isEqualTo(405);
    Answer head = Http.send(HttpRequest.newBuilder(URI.create(base + "health")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(api("health").json().path("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void thePageAndItsAssetsAreServedWithAStrictPolicy() {
    Answer page = Http.get("http://127.0.0.1:" + http.port() + "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text()).contains("app.js", "app.css");
    assertThat(Http.get("http://127.0.0.1:" + http.port() + "/app.js").contentType()).startsWith("text/javascript");
    assertThat(Http.get("http://127.0.0.1:" + http.port() + "/favicon.ico").status()).isEqualTo(204);
    assertThat(Http.get("http://127.0.0.1:" + http.port() + "/../etc/passwd").status()).isEqualTo(404);
  }
}
