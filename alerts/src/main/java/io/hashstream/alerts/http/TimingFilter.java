package io.hashstream.alerts.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.hashstream.alerts.metrics.ServiceMetrics;
import java.io.IOException;

/**
 * Times every look-up API request, refused ones included, from the first filter to the answer,
 * and records it by endpoint and status ({@link ServiceMetrics#lookup}). The endpoint is the
 * path's last part when it is one of the API's, else {@code other}: no label grows with what
 * clients send.
 */
final class TimingFilter extends Filter {
  private final ServiceMetrics metrics;

  TimingFilter(ServiceMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public String description() {
    return "look-up latency";
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(ex);
    } finally {
      String path = ex.getRequestURI().getRawPath();
      String endpoint = path.startsWith(ApiHandler.PREFIX) ? path.substring(ApiHandler.PREFIX.length()) : "";
      int status = ex.getResponseCode();
      metrics.lookup(endpoint, status < 0 ? 500 : status, System.nanoTime() - start);
    }
  }
}
