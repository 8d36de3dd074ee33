package io.hashstream.alerts.http;

import static io.hashstream.alerts.testing.InputRecords.T0;
import static io.hashstream.alerts.testing.InputRecords.match;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.testing.AlertsDriver;
import io.hashstream.alerts.testing.DriverStores;
import io.hashstream.alerts.testing.Http;
import io.hashstream.alerts.testing.Http.Answer;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Look-ups answered across instances: two HTTP servers, each over its own stores, and a routing
 * table that says which holds which tenant (the broker ITs use Kafka Streams' real metadata).
 */
class HttpRoutingTest {
  @TempDir static Path dir;
  private static AlertsDriver storesA;
  private static AlertsDriver storesB;
  private static AlertsHttpServer a;
  private static AlertsHttpServer b;
  private static HostInfo hostA;
  private static HostInfo hostB;
  private static HostInfo deadHost;

  /**
   * tenant-a on A, tenant-b on B, tenant-c on an instance that does not answer; the clusters store
   * is also on that dead instance.
   */
  private record Table(HostInfo self, Map<String, HostInfo> owners) implements Routing {
    @Override
    public HostInfo ownerOf(String store, String key, boolean byTenant) {
      return owners.get(TenantKeys.tenantOf(key));
    }

    @Override
    public List<HostInfo> instancesOf(String store) {
      return store.equals(StoreNames.CLUSTERS) ? List.of(hostA, hostB, deadHost) : List.of(hostA, hostB);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    storesA = new AlertsDriver(RulesConfig.defaults(), Files.createDirectory(dir.resolve("a")));
    storesB = new AlertsDriver(RulesConfig.defaults(), Files.createDirectory(dir.resolve("b")));
    storesA.pipe(match("tenant-a", "q1", "m1", 2, T0.plusSeconds(1)));
    storesB.pipe(match("tenant-b", "q2", "m2", 3, T0.plusSeconds(2)));
    a = AlertsHttpServer.bind("127.0.0.1", 0);
    b = AlertsHttpServer.bind("127.0.0.1", 0);
    hostA = new HostInfo("127.0.0.1", a.port());
    hostB = new HostInfo("127.0.0.1", b.port());
    try (ServerSocket free = new ServerSocket(0)) {
      deadHost = new HostInfo("127.0.0.1", free.getLocalPort());
    }
    Map<String, HostInfo> owners = Map.of("tenant-a", hostA, "tenant-b", hostB, "tenant-c", deadHost);
    a.start(new CaseLookup(new DriverStores(storesA.driver())), new Table(hostA, owners), () -> "RUNNING");
    b.start(new CaseLookup(new DriverStores(storesB.driver())), new Table(hostB, owners), () -> "RUNNING");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    storesA.close();
    storesB.close();
  }

  private static String url(AlertsHttpServer server, String pathAndQuery) {
    return "http://127.0.0.1:" + server.port() + "/api/v1/" + pathAndQuery;
  }

  @Test
  void aLookUpIsAnsweredByTheInstanceThatHoldsTheKey() {
    Answer viaA = Http.get(url(a, "case?tenant=tenant-b&image=q2"));
    Answer atB = Http.get(url(b, "case?tenant=tenant-b&image=q2"));

    assertThat(viaA.status()).isEqualTo(200);
    assertThat(viaA.servedBy()).isEqualTo("127.0.0.1:" + b.port());
    assertThat(viaA.text()).isEqualTo(atB.text());
    assertThat(viaA.json().path("matches").get(0).path("matchId").asText()).isEqualTo("m2");
    assertThat(Http.get(url(a, "case?tenant=tenant-a&image=q1")).servedBy()).isEqualTo("127.0.0.1:" + a.port());
    assertThat(Http.get(url(b, "verdict?tenant=tenant-a&image=q1")).status()).as("A's 404, relayed").isEqualTo(404);
  }

  @Test
  void listingsWithoutATenantMergeEveryInstance() {
    Answer all = Http.get(url(a, "actions"));
    assertThat(all.json().path("partial").asBoolean()).isFalse();
    assertThat(all.json().path("actions")).extracting(n -> n.path("imageId").asText()).containsExactly("q2", "q1");
  }

  @Test
  void aListingSaysWhenAnInstanceDidNotAnswer() {
    Answer clusters = Http.get(url(b, "clusters"));
    assertThat(clusters.status()).isEqualTo(200);
    assertThat(clusters.json().path("partial").asBoolean()).isTrue();
    assertThat(clusters.json().path("clusters")).hasSize(2);
  }

  @Test
  void aForwardedLookUpIsNeverForwardedAgain() {
    Answer misrouted =
        Http.send(
            HttpRequest.newBuilder(URI.create(url(a, "case?tenant=tenant-b&image=q2")))
                .header(HttpForwarder.FORWARDED_HEADER, "1")
                .GET());
    assertThat(misrouted.status()).isEqualTo(503);
    assertThat(misrouted.json().path("error").asText()).contains("rebalancing");
  }

  @Test
  void anInstanceThatDoesNotAnswerIsA502() {
    Answer gone = Http.get(url(a, "case?tenant=tenant-c&image=x"));
    assertThat(gone.status()).isEqualTo(502);
    assertThat(gone.json().path("error").asText()).contains(deadHost.port() + "");
  }
}
