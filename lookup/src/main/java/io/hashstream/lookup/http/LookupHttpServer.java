package io.hashstream.lookup.http;

import com.sun.net.httpserver.HttpServer;
import io.hashstream.lookup.bank.BankTable;
import io.hashstream.model.ModelArtifact;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The look-up service's HTTP side on the JDK's server: HMA's API ({@link HmaHandler}) on one
 * loopback address, {@link #THREADS} request threads, at most {@link #QUEUE} waiting connections.
 */
public final class LookupHttpServer implements AutoCloseable {
  public static final int THREADS = 4;
  public static final int QUEUE = 256;

  static {
    // small answers go out at once (see the moderation service's server for the measurement)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ImageSignals images;

  private LookupHttpServer(HttpServer server, ExecutorService executor, ImageSignals images) {
    this.server = server;
    this.executor = executor;
    this.images = images;
  }

  /**
   * Serves HMA's API over {@code table}.
   *
   * @param ready whether the table holds the banks yet (503 before)
   * @param model the model POSTed images are hashed with
   */
  public static LookupHttpServer start(String host, int port, BankTable table, BooleanSupplier ready,
      ModelArtifact model, int pdqRadius, int crovcaRadius, int maxUploadBytes) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "lookup-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    server.setExecutor(executor);
    ImageSignals images = new ImageSignals(model);
    server.createContext("/", new HmaHandler(table, ready, images, pdqRadius, crovcaRadius,
        maxUploadBytes));
    server.start();
    return new LookupHttpServer(server, executor, images);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The API's root, e.g. {@code http://127.0.0.1:18091}. */
  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    images.close();
  }
}
