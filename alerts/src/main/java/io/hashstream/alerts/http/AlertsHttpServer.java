package io.hashstream.alerts.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The service's HTTP side on the JDK's built-in server: the look-up API under {@code /api/v1/}
 * and the live page at {@code /}, over http or HTTPS, behind the {@link AccessFilter} (tokens,
 * tenant scopes) and the {@link RequestLimitsFilter} (request bodies). Binds one address (loopback
 * by default, see {@link io.hashstream.alerts.config.HttpAccess}).
 *
 * <p>Limits on what an outsider can push: requests run on a fixed pool of {@link #THREADS} threads
 * with a queue of at most {@link #QUEUE} waiting requests (beyond that they are refused rather
 * than queued without bound); at most {@link #MAX_CONNECTIONS} open connections (further ones are
 * closed at once); request headers of at most {@link #MAX_HEADER_BYTES} bytes; a request must
 * arrive within {@link #MAX_REQUEST_SECONDS} seconds and its answer be taken within as long (slow
 * senders and slow readers are cut off). The last three are
 * the JDK server's own settings, read once per JVM: they are set here unless the JVM was started
 * with them.
 *
 * <pre>{@code
 * AlertsHttpServer http = AlertsHttpServer.bind("127.0.0.1", 0);
 * http.start(new CaseLookup(stores), routing, () -> streams.state().name());
 * ... http.port() ...
 * http.close();
 * }</pre>
 */
public final class AlertsHttpServer implements AutoCloseable {
  public static final int THREADS = 4;
  public static final int QUEUE = 256;

  /** The most connections open at once. */
  public static final int MAX_CONNECTIONS = 256;

  /** The most bytes of request headers. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  /** The longest a request may take to arrive. */
  public static final int MAX_REQUEST_SECONDS = 30;

  static {
    // small answers go out at once: without TCP_NODELAY every reply waits ~40 ms on the client's
    // delayed ACK. The JDK reads these once, when its first server starts.
    setUnlessGiven("sun.net.httpserver.nodelay", "true");
    setUnlessGiven("jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
    setUnlessGiven("sun.net.httpserver.maxReqHeaderSize", String.valueOf(MAX_HEADER_BYTES));
    setUnlessGiven("sun.net.httpserver.maxReqHeaders", "100");
    setUnlessGiven("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
    setUnlessGiven("sun.net.httpserver.maxRspTime", String.valueOf(MAX_REQUEST_SECONDS));
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiAccess access;

  private AlertsHttpServer(HttpServer server, ExecutorService executor, ApiAccess access) {
    this.server = server;
    this.executor = executor;
    this.access = access;
  }

  /** {@link #bind(String, int, ApiAccess)} with plain http and no tokens (loopback). */
  public static AlertsHttpServer bind(String host, int port) throws IOException {
    return bind(host, port, ApiAccess.open());
  }

  /**
   * Binds the port now (0: any free one), so that its number can be advertised to Kafka Streams
   * before anything is served; {@link #start} serves.
   *
   * @param access tokens and TLS
   */
  public static AlertsHttpServer bind(String host, int port, ApiAccess access) throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    HttpServer server;
    if (access.serverTls() != null) {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(access.serverTls()));
      server = https;
    } else {
      server = HttpServer.create(address, 64);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "alerts-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    server.setExecutor(executor);
    return new AlertsHttpServer(server, executor, access);
  }

  /** Serves the API over {@code lookup} and {@code routing}, and the page. */
  public void start(CaseLookup lookup, Routing routing, Supplier<String> streamsState) {
    HttpContext api = server.createContext(ApiHandler.PREFIX,
        new ApiHandler(lookup, routing, streamsState, new HttpForwarder(access.scheme(), access.forwardingTls())));
    api.getFilters().add(new RequestLimitsFilter());
    api.getFilters().add(new AccessFilter(access));
    HttpContext page = server.createContext("/", new PageHandler());
    page.getFilters().add(new RequestLimitsFilter());
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  /** The page's address. */
  public String pageUrl() {
    return access.scheme() + "://" + host() + ":" + port() + "/";
  }

  private static void setUnlessGiven(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
