package io.hashstream.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a condition of another process or thread (a service's HTTP answer, a page's content) until
 * it holds or a deadline passes, with a message: a test waits on the state it needs, never on a
 * guessed duration. In schemas' test-jar so that every module's tests share it.
 */
public final class Await {
  private Await() {}

  /** Returns the first value of {@code probe} that {@code done} accepts; fails after {@code timeout}. */
  public static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
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
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    AssertionError failure = new AssertionError("waited " + timeout + " for " + what + "; last: " + last);
    if (lastError != null) {
      failure.initCause(lastError);
    }
    throw failure;
  }
}
