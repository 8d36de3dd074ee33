package io.hashstream.alerts.access;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down token guessing: a client address with {@code maxFailures} failed authentications
 * within {@code window} is refused (429) until {@code window} has passed since its latest failure,
 * even with a good token. At most {@code maxClients} addresses are tracked (the
 * least recently failed are forgotten first), so a flood of addresses cannot exhaust memory.
 *
 * <p>Thread-safe (one lock; the work per call is a few map operations). Time comes from the
 * injected clock.
 */
public final class FailedAuthLimiter {
  /** The defaults: 10 failures a minute per address, 10,000 addresses. */
  public static final int DEFAULT_MAX_FAILURES = 10;

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_CLIENTS = 10_000;

  private final int maxFailures;
  private final long windowMillis;
  private final int maxClients;
  private final Clock clock;
  private final LinkedHashMap<String, Client> clients = new LinkedHashMap<>(16, 0.75f, true);

  /** One address: its recent failures, and until when it is blocked. */
  private static final class Client {
    final Deque<Long> failures = new ArrayDeque<>();
    long blockedUntil;
  }

  public FailedAuthLimiter(int maxFailures, Duration window, int maxClients, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero() || maxClients < 1) {
      throw new IllegalArgumentException("maxFailures, window and maxClients must be positive");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.maxClients = maxClients;
    this.clock = clock;
  }

  /** The defaults on the system clock. */
  public static FailedAuthLimiter defaults() {
    return new FailedAuthLimiter(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_CLIENTS, Clock.systemUTC());
  }

  /**
   * How long {@code client} must wait before it may try again; zero if it may try now.
   *
   * @param client the client's address
   * @return the wait
   */
  public synchronized Duration retryAfter(String client) {
    Client c = clients.get(client);
    long now = clock.millis();
    if (c == null || c.blockedUntil <= now) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(c.blockedUntil - now);
  }

  /**
   * Records a failed authentication.
   *
   * @param client the client's address
   * @return whether this failure is the one that blocks the client (log it once)
   */
  public synchronized boolean failed(String client) {
    long now = clock.millis();
    Client c = clients.computeIfAbsent(client, k -> new Client());
    while (!c.failures.isEmpty() && c.failures.peekFirst() <= now - windowMillis) {
      c.failures.removeFirst();
    }
    c.failures.addLast(now);
    if (c.failures.size() > maxFailures) {
      c.failures.removeFirst();
    }
    if (clients.size() > maxClients) {
      Iterator<Map.Entry<String, Client>> eldest = clients.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
    if (c.failures.size() >= maxFailures) {
      boolean newlyBlocked = c.blockedUntil <= now;
      c.blockedUntil = now + windowMillis;
      return newlyBlocked;
    }
    return false;
  }
}
