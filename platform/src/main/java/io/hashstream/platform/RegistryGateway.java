package io.hashstream.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secured platform's schema registry address: an https server that asks for basic auth (the
 * platform's users) and passes each authenticated request on to the registry behind it, which
 * listens on another loopback port. Operators put a proxy like this (or the registry's own
 * authentication) in front of a registry; Apicurio's own needs an OpenID provider, which a test
 * platform cannot bring.
 *
 * <p>Request bodies over {@link #MAX_BODY_BYTES} are refused (413): schemas are small. Failed
 * logins are logged with the client's address and user name, never the password.
 */
final class RegistryGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryGateway.class);

  /** The largest request body passed on. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpsServer server;
  private final ExecutorService executor;
  private final URI upstream;
  private final Map<String, byte[]> passwordDigests;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  private RegistryGateway(HttpsServer server, ExecutorService executor, URI upstream,
      Map<String, byte[]> passwordDigests) {
    this.server = server;
    this.executor = executor;
    this.upstream = upstream;
    this.passwordDigests = passwordDigests;
  }

  /**
   * Serves https on {@code port} (already claimed) in front of {@code upstream}.
   *
   * @param upstream the registry's own root, e.g. {@code http://127.0.0.1:43211}
   */
  static RegistryGateway start(int port, URI upstream, PlatformSecurity security, PlatformTls tls) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(PlatformConfig.HOST, port), 64);
      server.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
      ExecutorService executor = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "registry-gateway");
            t.setDaemon(true);
            return t;
          });
      server.setExecutor(executor);
      Map<String, byte[]> digests = new java.util.HashMap<>();
      security.users().forEach((user, password) -> digests.put(user, sha256(password)));
      RegistryGateway gateway = new RegistryGateway(server, executor, upstream, Map.copyOf(digests));
      server.createContext("/", gateway::handle);
      server.start();
      return gateway;
    } catch (IOException e) {
      throw new PlatformException(PlatformException.Problem.STARTUP_FAILED,
          "cannot start the registry's https gateway on port " + port + ": " + e, e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String user = authenticated(ex.getRequestHeaders().getFirst("Authorization"));
      if (user == null) {
        LOG.warn("registry gateway: failed basic auth from {} for {} {}",
            ex.getRemoteAddress().getAddress().getHostAddress(), ex.getRequestMethod(),
            ex.getRequestURI().getRawPath());
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"hashstream registry\"");
        reply(ex, 401, "application/json", "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        reply(ex, 413, "application/json", "{\"error_code\":413,\"message\":\"request body too large\"}");
        return;
      }
      URI target = upstream.resolve(ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
      HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
          .method(ex.getRequestMethod(), body.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : new String[] {"Content-Type", "Accept"}) {
        String value = ex.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply(ex, 503, "application/json", "{\"error_code\":503,\"message\":\"interrupted\"}");
        return;
      } catch (IOException e) {
        reply(ex, 502, "application/json", "{\"error_code\":502,\"message\":\"registry unreachable\"}");
        return;
      }
      response.headers().firstValue("Content-Type")
          .ifPresent(t -> ex.getResponseHeaders().set("Content-Type", t));
      byte[] out = response.body();
      ex.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  /** The user whose password the header carries, or null. Compares digests in constant time. */
  private String authenticated(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    byte[] given = sha256(decoded.substring(colon + 1));
    byte[] expected = passwordDigests.getOrDefault(user, new byte[given.length]);
    boolean ok = MessageDigest.isEqual(given, expected) && passwordDigests.containsKey(user);
    return ok ? user : null;
  }

  private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  static SSLContext sslContext(PlatformTls tls) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(tls.keyStore())) {
        store.load(in, tls.keyStorePassword().toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, tls.keyStorePassword().toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new PlatformException(PlatformException.Problem.STARTUP_FAILED,
          "cannot read the platform's key store " + tls.keyStore() + ": " + e, e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
