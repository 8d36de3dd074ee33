package io.hashstream.alerts.it;

import static io.hashstream.alerts.testing.InputRecords.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashstream.alerts.AlertsApp;
import io.hashstream.alerts.access.Scope;
import io.hashstream.alerts.access.TokenFile;
import io.hashstream.alerts.config.AlertsConfig;
import io.hashstream.alerts.config.HttpAccess;
import io.hashstream.schemas.Verdict;
import io.hashstream.alerts.processor.ActionIds;
import io.hashstream.testing.Await;
import io.hashstream.alerts.testing.Chromium;
import io.hashstream.alerts.testing.Http;
import io.hashstream.alerts.testing.InputRecords;
import io.hashstream.alerts.testing.Kafka;
import io.hashstream.alerts.testing.SharedPlatform;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.ActionType;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real browser (Debian's headless Chromium; skipped where it is not installed,
 * and .ci/run installs it): it loads, shows an action this test produced with the upload's
 * thumbnail, keeps refreshing, and logs no console error. With tokens it asks for one, keeps it out
 * of the address, and shows blocked content's thumbnails obscured until one is clicked.
 */
class LivePageIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension static final SharedPlatform PLATFORM = new SharedPlatform();
  @TempDir Path dir;

  @Test
  void thePageShowsANewActionWithItsThumbnailAndNoConsoleErrors() throws Exception {
    assumeTrue(Files.isExecutable(Chromium.BINARY), "no " + Chromium.BINARY + " (apt-get install chromium)");
    EmbeddedPlatform platform = PLATFORM.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "live-" + run;
    try (AlertsApp app =
            AlertsApp.start(SharedPlatform.serviceConfig(platform, "alerts-live-" + run, dir.resolve("state"))).awaitRunning(WAIT);
        Kafka kafka = new Kafka(platform)) {
      Instant now = Instant.now();
      kafka.send(InputRecords.upload(tenant, "original", 400, 300, Color.CYAN, now));
      kafka.send(InputRecords.upload(tenant, "re-upload", 400, 300, Color.CYAN.darker(), now));
      kafka.flush();
      String api = app.pageUrl() + "api/v1/";
      Await.until("thumbnails", WAIT, () -> Http.get(api + "thumbnail?tenant=" + tenant + "&image=re-upload").status(), s -> s == 200);
      kafka.send(match(tenant, "re-upload", "original", 3, now.plusSeconds(1)));
      kafka.flush();
      String actionId = ActionIds.action(ActionType.ALERT, tenant, "re-upload");
      Await.until("the action in the API", WAIT, () -> Http.get(api + "actions?tenant=" + tenant).json().path("actions"), a -> a.size() == 1);

      try (Chromium browser = Chromium.launch(Files.createDirectory(dir.resolve("profile")), dir.resolve("chromium.log"))) {
        browser.navigate(app.pageUrl() + "?tenant=" + tenant);
        String row = "document.querySelector('[data-action-id=\"" + actionId + "\"]')";
        JsonNode shown =
            Await.until("the action row with a loaded thumbnail", WAIT,
                () -> browser.evaluate(
                    "(() => { const r = " + row + "; if (!r) return null;"
                        + " const img = r.querySelector('img');"
                        + " return { text: r.textContent, thumb: img.complete ? img.naturalWidth : -1 }; })()"),
                v -> v != null && !v.isNull() && v.path("thumb").asInt() > 0);
        assertThat(shown.path("text").asText()).contains("ALERT", tenant + "/re-upload", "original");
        assertThat(shown.path("thumb").asInt()).isEqualTo(96);
        assertThat(browser.evaluate("document.querySelectorAll('[data-cluster-id=\"" + ActionIds.cluster(tenant, "original") + "\"] img').length").asInt())
            .isEqualTo(2);
        String status = browser.evaluate("document.getElementById('status').textContent").asText();
        Await.until("another refresh", WAIT,
            () -> browser.evaluate("document.getElementById('status').textContent").asText(), s -> !s.equals(status));
        assertThat(browser.errors()).as("console errors, exceptions and failed loads").isEmpty();
      }
    }
  }

  @Test
  void withTokensThePageSignsInKeepsTheTokenOutOfTheAddressAndObscuresBlockedContent() throws Exception {
    assumeTrue(Files.isExecutable(Chromium.BINARY), "no " + Chromium.BINARY + " (apt-get install chromium)");
    EmbeddedPlatform platform = PLATFORM.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "blocked-" + run;
    String token = TokenFile.newToken();
    Path tokens = Files.writeString(dir.resolve("tokens"), TokenFile.line("moderator", Scope.ALL, token) + "\n");
    AlertsConfig config = SharedPlatform.serviceConfig(platform, "alerts-live-" + run, dir.resolve("state"))
        .withHttp(new HttpAccess(HttpAccess.LOOPBACK, tokens, null, null));
    try (AlertsApp app = AlertsApp.start(config).awaitRunning(WAIT); Kafka kafka = new Kafka(platform)) {
      Instant now = Instant.now();
      kafka.send(InputRecords.verdict(tenant, "banked", "known-bad", Verdict.REMOVE, now));
      kafka.send(InputRecords.upload(tenant, "banked", 400, 300, Color.RED, now));
      kafka.send(InputRecords.upload(tenant, "copy", 400, 300, Color.RED.darker(), now));
      kafka.flush();
      String api = app.pageUrl() + "api/v1/";
      java.net.http.HttpRequest.Builder thumb = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(api + "thumbnail?tenant=" + tenant + "&image=copy")).header("Authorization", "Bearer " + token);
      Await.until("thumbnails", WAIT, () -> Http.send(thumb.copy().GET()).status(), st -> st == 200);
      kafka.send(match(tenant, "copy", "banked", 2, now.plusSeconds(1)));
      kafka.flush();
      String actionId = ActionIds.action(ActionType.BLOCK, tenant, "copy");

      try (Chromium browser = Chromium.launch(Files.createDirectory(dir.resolve("profile")), dir.resolve("chromium.log"))) {
        browser.navigate(app.pageUrl() + "?tenant=" + tenant);
        Await.until("the sign-in form", WAIT,
            () -> browser.evaluate("!document.getElementById('login').classList.contains('hidden')").asBoolean(), v -> v);
        browser.evaluate("(() => { document.getElementById('token').value = " + JSON_STRING.apply(token) + ";"
            + " document.getElementById('login').requestSubmit(); return true; })()");
        String row = "document.querySelector('[data-action-id=\"" + actionId + "\"]')";
        JsonNode shown = Await.until("the blocked row with an obscured, loaded thumbnail", WAIT,
            () -> browser.evaluate("(() => { const r = " + row + "; if (!r) return null;"
                + " const img = r.querySelector('img');"
                + " return { text: r.textContent, obscured: img.classList.contains('obscured'),"
                + " thumb: img.complete ? img.naturalWidth : -1 }; })()"),
            v -> v != null && !v.isNull() && v.path("thumb").asInt() > 0);
        assertThat(shown.path("text").asText()).contains("BLOCK", tenant + "/copy");
        assertThat(shown.path("obscured").asBoolean()).isTrue();
        assertThat(browser.evaluate("window.location.href").asText()).doesNotContain(token);
        assertThat(browser.evaluate("document.documentElement.outerHTML").asText()).doesNotContain(token);

        browser.evaluate("(() => { " + row + ".querySelector('img').click(); return true; })()");
        Await.until("the revealed thumbnail", WAIT,
            () -> browser.evaluate("(() => { const img = " + row + ".querySelector('img');"
                + " return !img.classList.contains('obscured') && img.complete && img.naturalWidth > 0; })()").asBoolean(),
            v -> v);
        assertThat(browser.errors()).as("only the sign-in's 401 before the token was given")
            .allSatisfy(e -> assertThat(e).contains("401"));
      }
    }
  }

  private static final java.util.function.Function<String, String> JSON_STRING = v -> {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(v);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  };
}
