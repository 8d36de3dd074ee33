package io.hashstream.it.platform;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition of another process (a service's HTTP answer) until it holds or a deadline
 * passes, with a message: a test waits on the state it needs, never on a guessed duration.
 */
public final class Await {
  private Await() {}

  /** The first value of {@code probe} that {@code done} accepts; fails after {@code timeout}. */
  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        last = probe.get();
        if (done.test(last)) {
          return last;
        }
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    AssertionError failure = new AssertionError("waited " + timeout + " for " + what + "; last: " + last);
    if (lastError != null) {
      failure.initCause(lastError);
    }
    throw failure;
  }
}
