package io.hashstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOnOneToHundred() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // unsorted on purpose
    }
    Percentiles p = Percentiles.of(samples);
    assertThat(p.quantile(0.50)).isEqualTo(50);
    assertThat(p.quantile(0.99)).isEqualTo(99);
    assertThat(p.quantile(0.999)).isEqualTo(100);
    assertThat(p.quantile(1.0)).isEqualTo(100);
    assertThat(p.quantile(0.001)).isEqualTo(1);
    assertThat(p.min()).isEqualTo(1);
    assertThat(p.max()).isEqualTo(100);
    assertThat(p.mean()).isEqualTo(50.5);
    assertThat(samples[0]).as("the input is not modified").isEqualTo(100);
  }

  @Test
  void neverInterpolates() {
    Percentiles p = Percentiles.of(new long[] {10, 20});
    assertThat(p.quantile(0.5)).isEqualTo(10);
    assertThat(p.quantile(0.51)).isEqualTo(20);
    assertThat(Percentiles.of(new long[] {7}).quantile(0.99)).isEqualTo(7);
  }

  @Test
  void summaryOfNothingIsJustTheCount() {
    assertThat(Percentiles.of(new long[0]).summary()).isEqualTo(Map.of("count", 0));
    assertThatThrownBy(() -> Percentiles.of(new long[0]).quantile(0.5)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}).quantile(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summaryHasTheUsualFigures() {
    Map<String, Object> s = Percentiles.of(new long[] {5, 1, 3}).summary();
    assertThat(s).containsEntry("count", 3).containsEntry("min", 1L).containsEntry("p50", 3L)
        .containsEntry("p99", 5L).containsEntry("max", 5L).containsEntry("mean", 3.0);
    assertThat(s.keySet()).containsExactly("count", "min", "p50", "p90", "p99", "p999", "max", "mean");
  }
}
