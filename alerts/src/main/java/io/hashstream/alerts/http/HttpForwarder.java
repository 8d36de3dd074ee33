package io.hashstream.alerts.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a look-up on to the instance that holds its key, marked so that the receiver answers from
 * its own stores and never forwards again.
 *
 * <p>One {@link HttpClient} serves every request thread (it is built for concurrent use).
 */
final class HttpForwarder {
  /** Set on forwarded requests; its presence means "answer locally or say 503". */
  static final String FORWARDED_HEADER = "X-Hashstream-Forwarded";

  /** How long a forwarded look-up may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  /** What another instance answered. */
  record Answer(int status, String contentType, String servedBy, byte[] body) {}

  /**
   * GETs {@code pathAndQuery} from {@code host}.
   *
   * @throws IOException if the instance cannot be reached or does not answer within {@link #TIMEOUT}
   */
  Answer get(HostInfo host, String pathAndQuery) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
            .timeout(TIMEOUT)
            .header(FORWARDED_HEADER, "1")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
          response.headers().firstValue(ApiHandler.SERVED_BY_HEADER).orElse(host.host() + ":" + host.port()),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + host, e);
    }
  }
}
