package io.hashstream.alerts.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hashstream.alerts.metrics.MetricsSource;
import io.hashstream.alerts.metrics.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the service's metrics in the Prometheus text format (version 0.0.4), from
 * every source in turn. Behind the {@link AccessFilter}: with tokens, an admin or a {@code
 * metrics} token. Only the exact path; GET and HEAD only.
 */
final class MetricsHandler implements HttpHandler {
  static final String PATH = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

  private final List<MetricsSource> sources;

  MetricsHandler(List<MetricsSource> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    int status;
    String type = "text/plain; charset=utf-8";
    byte[] body;
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      status = 405;
      body = "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8);
    } else if (!PATH.equals(ex.getRequestURI().getRawPath())) {
      status = 404;
      body = "no such page; metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        PrometheusText out = new PrometheusText();
        for (MetricsSource source : sources) {
          source.writeTo(out);
        }
        status = 200;
        type = PrometheusText.CONTENT_TYPE;
        body = out.text().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        LOG.warn("metrics could not be written", e);
        status = 500;
        body = ("internal error: " + e.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8);
      }
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = "HEAD".equals(method);
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }
}
