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
 * its own stores and never forwards again. The caller's {@code Authorization} header goes along, so
 * the receiver applies the caller's scope (a forwarded request is never trusted for being one).
 * Over HTTPS when the service speaks HTTPS.
 *
 * <p>One {@link HttpClient} serves every request thread (it is built for concurrent use).
 */
final class HttpForwarder {
  /** Set on forwarded requests; its presence means "answer locally or say 503". */
  static final String FORWARDED_HEADER = "X-Hashstream-Forwarded";

  /** How long a forwarded look-up may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final String scheme;
  private final HttpClient client;

  /** Plain http (tests of routing). */
  HttpForwarder() {
    this("http", null);
  }

  /**
   * @param scheme {@code http} or {@code https}
   * @param tls the TLS context for https (trusting the instances' CA), or null for http
   */
  HttpForwarder(String scheme, javax.net.ssl.SSLContext tls) {
    this.scheme = scheme;
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
  }

  /** What another instance answered. */
  record Answer(int status, String contentType, String servedBy, byte[] body) {}

  /**
   * GETs {@code pathAndQuery} from {@code host}.
   *
   * @param authorization the caller's {@code Authorization} header, or null
   *
   * @throws IOException if the instance cannot be reached or does not answer within {@link #TIMEOUT}
   */
  Answer get(HostInfo host, String pathAndQuery, String authorization) throws IOException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery))
            .timeout(TIMEOUT)
            .header(FORWARDED_HEADER, "1")
            .GET();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
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
