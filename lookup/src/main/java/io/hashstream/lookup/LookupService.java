package io.hashstream.lookup;

import io.hashstream.inference.DefaultModel;
import io.hashstream.lookup.bank.BankFollower;
import io.hashstream.lookup.bank.BankTable;
import io.hashstream.lookup.http.LookupHttpServer;
import io.hashstream.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The look-up service, running: a {@link BankFollower} keeping a {@link BankTable} of every bank on
 * {@code bank-signals}, and HMA's API over it ({@link LookupHttpServer}).
 *
 * <pre>{@code
 * try (LookupService s = LookupService.start(config)) {
 *   s.awaitReady(Duration.ofSeconds(60));
 *   System.out.println(s.url() + "/m/raw_lookup?signal_type=pdq&signal=...");
 * }
 * }</pre>
 */
public final class LookupService implements AutoCloseable {
  private final BankFollower follower;
  private final LookupHttpServer http;

  private LookupService(BankFollower follower, LookupHttpServer http) {
    this.follower = follower;
    this.http = http;
  }

  /** Starts following the banks and serving; returns at once (see {@link #awaitReady}). */
  public static LookupService start(LookupConfig config) {
    ModelArtifact model =
        config.model() == null ? DefaultModel.load() : ModelArtifact.read(config.model());
    BankTable table = new BankTable();
    BankFollower follower = BankFollower.start(config.kafka(), config.topic(), table);
    try {
      return new LookupService(follower, LookupHttpServer.start(LookupConfig.HOST,
          config.httpPort(), table, follower::isCaughtUp, model, config.pdqRadius(),
          config.crovcaRadius(), config.maxUploadBytes()));
    } catch (IOException e) {
      closeQuietly(follower);
      throw new UncheckedIOException("cannot listen on " + LookupConfig.HOST + ":"
          + config.httpPort() + " (in use? pick another with --http-port, 0 for any)", e);
    }
  }

  /**
   * Waits until the banks are loaded (the API answers 503 before).
   *
   * @throws IllegalStateException if they are not within {@code timeout}
   */
  public LookupService awaitReady(Duration timeout) throws InterruptedException {
    if (!follower.awaitCaughtUp(timeout)) {
      throw new IllegalStateException("banks not loaded after " + timeout);
    }
    return this;
  }

  /** The API's root URL. */
  public String url() {
    return http.url();
  }

  /** Records of {@code bank-signals} skipped as invalid. */
  public long skippedRecords() {
    return follower.skipped();
  }

  @Override
  public void close() throws InterruptedException {
    http.close();
    follower.close();
  }

  private static void closeQuietly(BankFollower f) {
    try {
      f.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
