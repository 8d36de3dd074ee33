package io.hashstream.alerts.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {
  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-28T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void anAddressIsBlockedAtTheLimitUntilTheWindowPassesSinceItsLastFailure() {
    ManualClock clock = new ManualClock();
    FailedAuthLimiter limiter = new FailedAuthLimiter(3, Duration.ofSeconds(60), 100, clock);

    assertThat(limiter.failed("10.0.0.1")).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(limiter.failed("10.0.0.1")).isFalse();
    assertThat(limiter.retryAfter("10.0.0.1")).isZero();
    assertThat(limiter.failed("10.0.0.1")).as("the third failure blocks").isTrue();
    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
    assertThat(limiter.retryAfter("10.0.0.2")).as("others are not affected").isZero();

    clock.advance(Duration.ofSeconds(59));
    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.retryAfter("10.0.0.1")).isZero();
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    ManualClock clock = new ManualClock();
    FailedAuthLimiter limiter = new FailedAuthLimiter(2, Duration.ofSeconds(60), 100, clock);
    limiter.failed("a");
    clock.advance(Duration.ofSeconds(61));
    assertThat(limiter.failed("a")).isFalse();
    assertThat(limiter.retryAfter("a")).isZero();
  }

  @Test
  void atMostMaxClientsAreRemembered() {
    ManualClock clock = new ManualClock();
    FailedAuthLimiter limiter = new FailedAuthLimiter(1, Duration.ofSeconds(60), 2, clock);
    limiter.failed("a");
    limiter.failed("b");
    limiter.failed("c"); // forgets a, the least recently failed
    assertThat(limiter.retryAfter("a")).isZero();
    assertThat(limiter.retryAfter("b")).isPositive();
    assertThat(limiter.retryAfter("c")).isPositive();
  }
}
