package io.hashstream.alerts.http;

import com.sun.net.httpserver.HttpServer;
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
 * and the live page at {@code /}. Binds to one loopback address only.
 *
 * <p>Requests run on a fixed pool of {@link #THREADS} threads with a queue of at most {@link
 * #QUEUE} waiting connections; beyond that new connections are refused rather than queued without
 * bound.
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

  static {
    // small answers go out at once: without TCP_NODELAY every reply waits ~40 ms on the client's
    // delayed ACK. The JDK reads this once, when its first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private AlertsHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds the port now (0: any free one), so that its number can be advertised to Kafka Streams
   * before anything is served; {@link #start} serves.
   */
  public static AlertsHttpServer bind(String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
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
    return new AlertsHttpServer(server, executor);
  }

  /** Serves the API over {@code lookup} and {@code routing}, and the page. */
  public void start(CaseLookup lookup, Routing routing, Supplier<String> streamsState) {
    server.createContext(ApiHandler.PREFIX, new ApiHandler(lookup, routing, streamsState));
    server.createContext("/", new PageHandler());
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
    return "http://" + host() + ":" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
