package io.hashstream.alerts.http;

import static io.hashstream.alerts.testing.InputRecords.T0;
import static io.hashstream.alerts.testing.InputRecords.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.alerts.access.FailedAuthLimiter;
import io.hashstream.alerts.access.Scope;
import io.hashstream.alerts.access.TokenFile;
import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.testing.AlertsDriver;
import io.hashstream.alerts.testing.CapturedLog;
import io.hashstream.alerts.testing.DriverStores;
import io.hashstream.alerts.testing.InputRecords;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.platform.CertificateAuthority;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may see what, over HTTPS with bearer tokens: two instances (tenant-a's stores on A,
 * tenant-b's on B) behind the access filter, a token per tenant and an admin token. Without a
 * token: 401; another tenant's records: 403, in listings too, also when a look-up is forwarded to
 * the instance that holds it; admin: everything. Failed authentications are rate-limited and
 * logged without the token; blocked content's thumbnails can be obscured.
 */
class ApiAccessTest {
  private static final String ADMIN = "admin-" + TokenFile.newToken();
  private static final String TOKEN_A = "a-" + TokenFile.newToken();
  private static final String TOKEN_B = "b-" + TokenFile.newToken();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static AlertsDriver storesA;
  private static AlertsDriver storesB;
  private static AlertsHttpServer a;
  private static AlertsHttpServer b;
  private static HttpClient client;
  private static SSLContext serverTls;
  private static TokenFile tokens;

  /** tenant-a lives on A, tenant-b on B. */
  private record Table(HostInfo self, Map<String, HostInfo> owners, List<HostInfo> all) implements Routing {
    @Override
    public HostInfo ownerOf(String store, String key, boolean byTenant) {
      return owners.get(TenantKeys.tenantOf(key));
    }

    @Override
    public List<HostInfo> instancesOf(String store) {
      return all;
    }
  }

  record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(new String(body), e);
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    storesA = new AlertsDriver(RulesConfig.defaults(), Files.createDirectory(dir.resolve("a")));
    storesB = new AlertsDriver(RulesConfig.defaults(), Files.createDirectory(dir.resolve("b")));
    storesA.pipe(InputRecords.upload("tenant-a", "qa", 200, 150, Color.ORANGE, T0));
    storesA.pipe(match("tenant-a", "qa", "ma", 2, T0.plusSeconds(1)));
    storesB.pipe(InputRecords.upload("tenant-b", "qb", 200, 150, Color.BLUE, T0));
    storesB.pipe(match("tenant-b", "qb", "mb", 3, T0.plusSeconds(2)));
    tokens = TokenFile.parse(List.of(
        TokenFile.line("moderator", Scope.ALL, ADMIN),
        TokenFile.line("team-a", Scope.tenants(Set.of("tenant-a")), TOKEN_A),
        TokenFile.line("team-b", Scope.tenants(Set.of("tenant-b")), TOKEN_B)), "tokens");

    CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
    char[] password = "key-store-password".toCharArray();
    Path keyStore = CertificateAuthority.writeKeyStore(dir.resolve("server.p12"), ca.issueForLoopback("127.0.0.1"), password);
    Path trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), password);
    serverTls = serverContext(keyStore, password);
    SSLContext clientTls = clientContext(trustStore, password);
    client = HttpClient.newBuilder().sslContext(clientTls).connectTimeout(Duration.ofSeconds(5)).build();

    ApiAccess access = ApiAccess.of(tokens, serverTls, clientTls, FailedAuthLimiter.defaults());
    a = AlertsHttpServer.bind("127.0.0.1", 0, access);
    b = AlertsHttpServer.bind("127.0.0.1", 0, access);
    HostInfo hostA = new HostInfo("127.0.0.1", a.port());
    HostInfo hostB = new HostInfo("127.0.0.1", b.port());
    Map<String, HostInfo> owners = Map.of("tenant-a", hostA, "tenant-b", hostB);
    a.start(new CaseLookup(new DriverStores(storesA.driver())), new Table(hostA, owners, List.of(hostA, hostB)), () -> "RUNNING");
    b.start(new CaseLookup(new DriverStores(storesB.driver())), new Table(hostB, owners, List.of(hostA, hostB)), () -> "RUNNING");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    storesA.close();
    storesB.close();
  }

  @Test
  void withoutATokenTheApiIs401ButHealthAndThePageFilesAnswer() {
    Answer none = get(a, "api/v1/case?tenant=tenant-a&image=qa", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("www-authenticate")).containsExactly("Bearer realm=\"hashstream\"");
    assertThat(get(a, "api/v1/actions", "Basic " + TOKEN_A).status()).isEqualTo(401);
    assertThat(get(a, "api/v1/thumbnail?tenant=tenant-a&image=qa", null).status()).isEqualTo(401);
    assertThat(get(a, "api/v1/health", null).status()).isEqualTo(200);
    assertThat(get(a, "", null).status()).as("the page itself holds no data").isEqualTo(200);
    assertThat(get(a, "app.js", null).status()).isEqualTo(200);
    assertThat(a.pageUrl()).startsWith("https://");
  }

  @Test
  void aTenantsTokenSeesThatTenantOnly() {
    assertThat(get(a, "api/v1/case?tenant=tenant-a&image=qa", TOKEN_A).status()).isEqualTo(200);
    for (String other : List.of(
        "case?tenant=tenant-b&image=qb", "verdict?tenant=tenant-b&image=qb",
        "thumbnail?tenant=tenant-b&image=qb", "thumbnail?tenant=tenant-b&image=qb&fallback=placeholder",
        "actions?tenant=tenant-b", "clusters?tenant=tenant-b",
        "case?%74enant=tenant-b&image=qb", "case?tenant=tenant%2Db&image=qb",
        "case?tenant=tenant-a&tenant=tenant-b&image=qb")) {
      Answer denied = get(a, "api/v1/" + other, TOKEN_A);
      assertThat(denied.status()).as(other).isEqualTo(403);
      assertThat(new String(denied.body())).as(other).doesNotContain("qb", "mb");
    }
    assertThat(get(a, "api/v1/no-such-endpoint", TOKEN_A).status()).as("admin only").isEqualTo(403);
  }

  @Test
  void listingsWithoutATenantShowTheTokensTenantsFromEveryInstance() {
    JsonNode actionsA = get(b, "api/v1/actions", TOKEN_A).json();
    assertThat(actionsA.path("actions")).extracting(n -> n.path("tenant").asText()).containsOnly("tenant-a").isNotEmpty();
    JsonNode clustersB = get(a, "api/v1/clusters", TOKEN_B).json();
    assertThat(clustersB.path("clusters")).extracting(n -> n.path("tenant").asText()).containsOnly("tenant-b").isNotEmpty();
    assertThat(clustersB.path("partial").asBoolean()).isFalse();

    JsonNode all = get(a, "api/v1/actions", ADMIN).json();
    assertThat(all.path("actions")).extracting(n -> n.path("tenant").asText())
        .containsExactlyInAnyOrder("tenant-a", "tenant-b");
  }

  @Test
  void aForwardedLookUpKeepsTheCallersScope() {
    Answer viaA = get(a, "api/v1/case?tenant=tenant-b&image=qb", TOKEN_B);
    assertThat(viaA.status()).isEqualTo(200);
    assertThat(viaA.headers().get("x-served-by")).containsExactly("127.0.0.1:" + b.port());
    assertThat(get(a, "api/v1/case?tenant=tenant-b&image=qb", ADMIN).status()).isEqualTo(200);

    // a request that claims to be forwarded is checked like any other
    HttpRequest forged = request(b, "api/v1/case?tenant=tenant-b&image=qb", TOKEN_A)
        .header(HttpForwarder.FORWARDED_HEADER, "1").build();
    assertThat(send(forged).status()).isEqualTo(403);
    HttpRequest anonymous = request(b, "api/v1/actions", null).header(HttpForwarder.FORWARDED_HEADER, "1").build();
    assertThat(send(anonymous).status()).isEqualTo(401);
  }

  @Test
  void blockedContentsThumbnailIsObscuredOnRequest() throws IOException {
    Answer clear = get(a, "api/v1/thumbnail?tenant=tenant-a&image=qa", TOKEN_A);
    Answer obscured = get(a, "api/v1/thumbnail?tenant=tenant-a&image=qa&view=obscured", TOKEN_A);
    assertThat(clear.status()).isEqualTo(200);
    assertThat(obscured.status()).isEqualTo(200);
    BufferedImage c = ImageIO.read(new ByteArrayInputStream(clear.body()));
    BufferedImage o = ImageIO.read(new ByteArrayInputStream(obscured.body()));
    assertThat(o.getWidth()).isEqualTo(c.getWidth());
    assertThat(o.getHeight()).isEqualTo(c.getHeight());
    assertThat(obscured.body()).isNotEqualTo(clear.body());
    assertThat(get(a, "api/v1/thumbnail?tenant=tenant-a&image=qa&view=x-ray", TOKEN_A).status()).isEqualTo(400);
  }

  @Test
  void plainHttpToTheHttpsPortGetsNothing() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/api/v1/health"))
        .timeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  @Test
  void failedAuthenticationsAreRateLimitedAndLoggedWithoutTheToken() throws Exception {
    FailedAuthLimiter limiter = new FailedAuthLimiter(3, Duration.ofMinutes(5), 100, java.time.Clock.systemUTC());
    AlertsHttpServer guarded = AlertsHttpServer.bind("127.0.0.1", 0, ApiAccess.of(tokens, serverTls, null, limiter));
    String guess = "guess-" + TokenFile.newToken();
    try (CapturedLog log = CapturedLog.of(AccessFilter.class)) {
      guarded.start(new CaseLookup(new DriverStores(storesA.driver())),
          Routing.single(new HostInfo("127.0.0.1", guarded.port())), () -> "RUNNING");
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        statuses.add(get(guarded, "api/v1/actions", guess).status());
      }
      Answer blocked = get(guarded, "api/v1/actions", ADMIN);
      assertThat(statuses).containsExactly(401, 401, 401);
      assertThat(blocked.status()).as("even the right token waits").isEqualTo(429);
      assertThat(Long.parseLong(blocked.headers().get("retry-after").get(0))).isBetween(1L, 300L);
      assertThat(log.lines()).hasSize(3).allSatisfy(line -> assertThat(line)
          .startsWith("WARN look-up refused: unknown token from 127.0.0.1 for GET /api/v1/actions")
          .doesNotContain(guess).doesNotContain(guess.substring(6, 20)));
      assertThat(log.lines().get(2)).contains("now waits");
    } finally {
      guarded.close();
    }
  }

  private static Answer get(AlertsHttpServer server, String pathAndQuery, String token) {
    return send(request(server, pathAndQuery, token).build());
  }

  private static HttpRequest.Builder request(AlertsHttpServer server, String pathAndQuery, String token) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/" + pathAndQuery))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      r.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
    }
    return r;
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext serverContext(Path keyStore, char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext clientContext(Path trustStore, char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      store.load(in, password);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
