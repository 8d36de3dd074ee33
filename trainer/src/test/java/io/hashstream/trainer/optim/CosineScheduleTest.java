package io.hashstream.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The golden checks of research/crovca.md §8.7 (CIFAR-10: 5 epochs × 195 steps). */
class CosineScheduleTest {
  final CosineSchedule schedule = new CosineSchedule(1e-3, 1e-6, 975);

  @Test
  void reproducesTheGoldenRates() {
    assertThat(schedule.at(0)).isEqualTo(1e-3);
    assertThat(schedule.at(487)).isCloseTo(5.013e-4, within(1e-7));
    assertThat(schedule.at(974)).isCloseTo(1.0026e-6, within(1e-10));
  }

  @Test
  void decreasesMonotonically() {
    for (int i = 1; i < 975; i++) {
      assertThat(schedule.at(i)).isLessThan(schedule.at(i - 1)).isGreaterThan(1e-6);
    }
    assertThatThrownBy(() -> schedule.at(975)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
