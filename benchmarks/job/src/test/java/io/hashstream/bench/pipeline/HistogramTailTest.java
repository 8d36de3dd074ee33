package io.hashstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.junit.jupiter.api.Test;

/** Against Flink's real histogram: its copy must lie in the order HistogramTail assumes. */
class HistogramTailTest {
  @Test
  void readsEveryNewValueInOrderAcrossWrapArounds() {
    DescriptiveStatisticsHistogram h = new DescriptiveStatisticsHistogram(8);
    h.update(-1); // before the tail: not taken
    HistogramTail tail = new HistogramTail(h);
    LongSamples out = new LongSamples();
    long next = 0;
    for (int chunk : new int[] {3, 5, 7, 1, 8, 2, 6}) {
      for (int i = 0; i < chunk; i++) {
        h.update(next++);
      }
      assertThat(tail.read(out)).isTrue();
    }
    long[] values = out.toArray();
    assertThat(values).hasSize((int) next);
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).isEqualTo(i);
    }
    assertThat(tail.skipped()).isZero();
  }

  @Test
  void countsWhatWasOverwrittenBeforeARead() {
    DescriptiveStatisticsHistogram h = new DescriptiveStatisticsHistogram(4);
    HistogramTail tail = new HistogramTail(h);
    for (int i = 0; i < 10; i++) {
      h.update(i);
    }
    LongSamples out = new LongSamples();
    assertThat(tail.read(out)).isTrue();
    assertThat(out.toArray()).containsExactly(6, 7, 8, 9);
    assertThat(tail.skipped()).isEqualTo(6);
  }

  @Test
  void takeFromAPartlyFilledWindow() {
    LongSamples out = new LongSamples();
    assertThat(HistogramTail.take(new long[] {10, 11, 12}, 1, 3, out)).isZero();
    assertThat(out.toArray()).containsExactly(11, 12);
  }
}
