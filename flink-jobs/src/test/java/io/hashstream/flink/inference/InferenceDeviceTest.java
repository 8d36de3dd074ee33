package io.hashstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.flink.config.JobConfig.Device;
import org.junit.jupiter.api.Test;

class InferenceDeviceTest {
  @Test
  void autoTakesTheGpuWhenThereIsOne() {
    assertThat(InferenceDevice.choose(Device.AUTO, 0)).isEqualTo("cpu");
    assertThat(InferenceDevice.choose(Device.AUTO, 2)).isEqualTo("gpu(0)");
    assertThat(InferenceDevice.choose(Device.GPU, 1)).isEqualTo("gpu(0)");
    assertThat(InferenceDevice.choose(Device.CPU, 0)).isEqualTo("cpu");
  }

  @Test
  void aSettingThatCannotBeHonouredFailsAndSaysWhatToChange() {
    assertThatThrownBy(() -> InferenceDevice.choose(Device.GPU, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inference.device=gpu")
        .hasMessageContaining("pytorch-native-cu");
    assertThatThrownBy(() -> InferenceDevice.choose(Device.CPU, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CUDA_VISIBLE_DEVICES");
  }
}
