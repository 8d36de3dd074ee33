package io.hashstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InferenceDeviceTest {
  @Test
  void autoTakesTheGpuWhenThereIsOne() {
    assertThat(InferenceDevice.choose("auto", 0)).isEqualTo("cpu");
    assertThat(InferenceDevice.choose("auto", 2)).isEqualTo("gpu(0)");
    assertThat(InferenceDevice.choose("gpu", 1)).isEqualTo("gpu(0)");
    assertThat(InferenceDevice.choose("cpu", 0)).isEqualTo("cpu");
  }

  @Test
  void aSettingThatCannotBeHonouredFailsAndSaysWhatToChange() {
    assertThatThrownBy(() -> InferenceDevice.choose("gpu", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inference.device=gpu")
        .hasMessageContaining("pytorch-native-cu");
    assertThatThrownBy(() -> InferenceDevice.choose("cpu", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CUDA_VISIBLE_DEVICES");
  }
}
