package io.hashstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputCurveTest {
  private static final long S = 1_000_000_000L;

  @Test
  void rateExcludesTheFirstStep() {
    OutputCurve c = new OutputCurve();
    c.add(10 * S, 100); // first visible step after a long start-up: not counted
    c.add(11 * S, 1_100);
    c.add(12 * S, 2_100);
    c.add(13 * S, 3_100);
    assertThat(c.rate(3_100)).isEqualTo(1_000.0);
    assertThat(c.secondsToReach(3_100)).isEqualTo(3.0);
    assertThat(c.rate(2_000)).as("total reached at the 12 s step").isEqualTo(1_000.0);
    assertThat(c.rate(5_000)).as("never reached").isNaN();
    assertThat(c.count()).isEqualTo(3_100);
    assertThat(c.steps()).isEqualTo(4);
  }

  @Test
  void steadyRateBetweenFractions() {
    OutputCurve c = new OutputCurve();
    c.add(0, 50);
    c.add(S, 100);
    c.add(3 * S, 500);
    c.add(4 * S, 1_000);
    assertThat(c.rateBetween(1_000, 0.1, 0.5)).isEqualTo(200.0);
  }

  @Test
  void oneStepHasNoRate() {
    OutputCurve c = new OutputCurve();
    assertThat(c.rate(10)).isNaN();
    c.add(S, 10);
    assertThat(c.rate(10)).isNaN();
    assertThat(c.summary(10)).containsEntry("records_seen", 10L).containsEntry("first_step_records", 10L);
  }

  @Test
  void refusesPointsGoingBack() {
    OutputCurve c = new OutputCurve();
    c.add(2 * S, 10);
    assertThatThrownBy(() -> c.add(S, 20)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.add(3 * S, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
