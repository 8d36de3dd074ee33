package io.hashstream.alerts.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The live page: three static files from the classpath, read once. The page itself polls the
 * look-up API (with the token it signs in with, if the service asks for one); nothing here touches
 * the stores, so the files need no token. A strict Content-Security-Policy: no inline script, no
 * other origin, no framing; thumbnails are shown from {@code blob:} URLs the page fetched with its
 * token.
 */
final class PageHandler implements HttpHandler {
  private static final String BASE = "/io/hashstream/alerts/http/page/";
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self';"
          + " form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private record Asset(String type, byte[] body) {}

  private final Map<String, Asset> assets =
      Map.of(
          "/", load("index.html", "text/html; charset=utf-8"),
          "/index.html", load("index.html", "text/html; charset=utf-8"),
          "/app.js", load("app.js", "text/javascript; charset=utf-8"),
          "/app.css", load("app.css", "text/css; charset=utf-8"));

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    Asset asset = assets.get(path);
    int status;
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      status = 405;
    } else if ("/favicon.ico".equals(path)) {
      status = 204;
    } else {
      status = asset == null ? 404 : 200;
    }
    byte[] body =
        status == 200 ? asset.body() : status == 204 ? new byte[0] : ("HTTP " + status).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", status == 200 ? asset.type() : "text/plain; charset=utf-8");
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    boolean noBody = status == 204 || "HEAD".equals(method);
    ex.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  private static Asset load(String name, String type) {
    try (InputStream in = PageHandler.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("page asset missing from the classpath: " + BASE + name);
      }
      return new Asset(type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
