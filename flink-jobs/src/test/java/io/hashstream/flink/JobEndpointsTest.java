package io.hashstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.flink.config.JobConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own Flink endpoints on a real MiniCluster with the job's Flink settings: the REST
 * endpoint answers on loopback and not on the machine's other addresses, and the web UI's cancel,
 * rescale and submit features are off. What the REST API itself still allows is pinned here too,
 * so that SECURITY.md stays true: Flink 2.2 has no switch for cancelling over REST, which is why
 * reaching the endpoint at all is what the settings prevent.
 */
class JobEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void theRestEndpointListensOnLoopbackOnlyWithTheUisCancelAndSubmitOff() throws Exception {
    int port = freePort();
    Configuration conf = HashstreamJob.flinkConfiguration(
        JobConfig.defaults().with("checkpoint.dir", dir.toUri().toString()).with("job.parallelism", "1"));
    conf.setString("rest.port", String.valueOf(port));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.fromSequence(0, Long.MAX_VALUE).uid("numbers").name("numbers")
        .sinkTo(new DiscardingSink<>()).uid("discard").name("discard");
    JobClient job = env.executeAsync("endpoints");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      JsonNode features = JSON.readTree(get(http, "http://127.0.0.1:" + port + "/config").body()).path("features");
      assertThat(features.path("web-cancel").asBoolean(true)).isFalse();
      assertThat(features.path("web-submit").asBoolean(true)).isFalse();
      assertThat(features.path("web-rescale").asBoolean(true)).isFalse();
      assertThat(get(http, "http://127.0.0.1:" + port + "/jars").statusCode()).as("no jar upload").isEqualTo(404);

      Optional<InetAddress> other = otherAddress();
      if (other.isPresent()) {
        try (Socket s = new Socket()) {
          assertThatThrownBy(() -> s.connect(new InetSocketAddress(other.get(), port), 2000))
              .as("REST on " + other.get()).isInstanceOf(IOException.class);
        }
      }

      // what Flink 2.2 still allows whoever reaches the endpoint (SECURITY.md): cancelling
      HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/jobs/" + job.getJobID() + "?mode=cancel"))
          .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
      assertThat(job.getJobExecutionResult()).as("the endless job ended: cancelled")
          .failsWithin(Duration.ofSeconds(60));
    } finally {
      try {
        job.cancel().get();
      } catch (Exception alreadyGone) {
        // the job (and its MiniCluster) ended: what the test wanted
      }
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException notYet) {
        if (attempt > 100) {
          throw notYet;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // the REST endpoint is starting
      }
    }
  }

  private static Optional<InetAddress> otherAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return Optional.of(a);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
