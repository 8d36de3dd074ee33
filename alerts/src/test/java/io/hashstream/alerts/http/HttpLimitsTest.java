package io.hashstream.alerts.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.alerts.testing.AlertsDriver;
import io.hashstream.alerts.testing.DriverStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit on what an outsider can push into the HTTP side, exceeded once, over raw sockets:
 * request bodies, chunked bodies, the query string, request headers and open connections. The
 * server keeps answering well-behaved requests afterwards.
 */
class HttpLimitsTest {
  @TempDir static Path stateDir;
  private static AlertsDriver alerts;
  private static AlertsHttpServer http;

  @BeforeAll
  static void start() throws Exception {
    alerts = new AlertsDriver(RulesConfig.defaults(), stateDir);
    http = AlertsHttpServer.bind("127.0.0.1", 0);
    http.start(new CaseLookup(new DriverStores(alerts.driver())),
        Routing.single(new HostInfo("127.0.0.1", http.port())), () -> "RUNNING");
  }

  @AfterAll
  static void stop() {
    http.close();
    alerts.close();
  }

  @Test
  void aRequestBodyOverTheLimitIs413BeforeAnyHandlerRuns() throws IOException {
    // the body is announced but never sent: the answer comes at once, nothing waits for it
    String reply = exchange("GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nContent-Length: "
        + (RequestLimitsFilter.MAX_BODY_BYTES + 1) + "\r\nConnection: close\r\n\r\n");
    assertThat(reply).startsWith("HTTP/1.1 413");
    assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n"))
        .as("the page too").startsWith("HTTP/1.1 413");
  }

  @Test
  void aBodyWithoutALengthIs411() throws IOException {
    String reply = exchange("GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertThat(reply).startsWith("HTTP/1.1 411");
  }

  @Test
  void aQueryStringOverTheLimitIs414() throws IOException {
    String reply = exchange("GET /api/v1/actions?tenant=" + "t".repeat(QueryParams.MAX_QUERY_CHARS)
        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(reply).startsWith("HTTP/1.1 414");
  }

  @Test
  void requestHeadersOverTheLimitAreRefused() throws IOException {
    String reply = exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: "
        + "p".repeat(AlertsHttpServer.MAX_HEADER_BYTES) + "\r\nConnection: close\r\n\r\n");
    assertThat(reply).doesNotStartWith("HTTP/1.1 200");
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnce() throws IOException {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < AlertsHttpServer.MAX_CONNECTIONS; i++) {
        held.add(connect());
      }
      // the server has taken every one of them once one of them is served
      try (Socket first = held.remove(0)) {
        assertThat(roundTrip(first, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            .startsWith("HTTP/1.1 200");
      }
      held.add(connect()); // back at the limit
      assertThat(exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
          .as("one more than the limit").isEmpty();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    assertThat(exchangeEventually()).startsWith("HTTP/1.1 200");
  }

  /** Once the held connections are closed, a new one is served (the server notices the closes). */
  private static String exchangeEventually() throws IOException {
    String reply = "";
    for (int attempt = 0; attempt < 50 && !reply.startsWith("HTTP/1.1 200"); attempt++) {
      reply = exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
    return reply;
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", http.port()), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static String exchange(String request) throws IOException {
    try (Socket s = connect()) {
      return roundTrip(s, request);
    }
  }

  /** Sends {@code request} and reads the reply until the server closes; "" if it sent nothing. */
  private static String roundTrip(Socket s, String request) throws IOException {
    try {
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (SocketException closedWhileSending) {
      // the server may close before the whole request is written; read what it said
    }
    InputStream in = s.getInputStream();
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketException reset) {
      return "";
    }
  }
}
