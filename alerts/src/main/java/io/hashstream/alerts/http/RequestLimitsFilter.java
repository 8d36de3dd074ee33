package io.hashstream.alerts.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request bodies larger than {@link #MAX_BODY_BYTES} (413) before any handler runs: the
 * API answers GET and HEAD, whose bodies are never read, and nothing an outsider sends is kept in
 * memory beyond this, and a refused body is never read at all (the connection is dropped after the
 * answer). A body without a length (chunked) is refused too (411). The other limits
 * (query string, connections, header size, request time) are in {@link QueryParams} and {@link
 * AlertsHttpServer}.
 */
final class RequestLimitsFilter extends Filter {
  /** The largest request body accepted. */
  static final long MAX_BODY_BYTES = 8 * 1024;

  @Override
  public String description() {
    return "request body limit";
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    String encoding = ex.getRequestHeaders().getFirst("Transfer-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      refuse(ex, 411, "request bodies need a Content-Length");
      return;
    }
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        refuse(ex, 400, "malformed Content-Length");
        return;
      }
      if (n > MAX_BODY_BYTES) {
        refuse(ex, 413, "request body over " + MAX_BODY_BYTES + " bytes");
        return;
      }
    }
    chain.doFilter(ex);
  }

  /**
   * Answers, then drops the connection without reading the body: closing the exchange normally
   * would first read (and discard) the body the client announced, holding a request thread for as
   * long as the client cares to trickle it. The exception makes the JDK server close the
   * connection at once; the answer is already on its way.
   */
  private static void refuse(HttpExchange ex, int status, String message) throws IOException {
    byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Connection", "close");
    ex.sendResponseHeaders(status, body.length);
    OutputStream out = ex.getResponseBody();
    out.write(body);
    out.flush(); // not close(): that would read the body first
    // what has already arrived is skipped without waiting, so that closing does not reset a
    // client that sent a small body along; nothing more is read
    InputStream in = ex.getRequestBody();
    for (int i = 0, n; i < 16 && (n = Math.min(in.available(), 4096)) > 0; i++) {
      in.skipNBytes(n);
    }
    throw new RefusedRequestException(status + " " + message);
  }

  /** Ends a refused exchange: the server closes the connection without reading further. */
  static final class RefusedRequestException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedRequestException(String message) {
      super("request refused, connection dropped: " + message);
    }
  }
}
