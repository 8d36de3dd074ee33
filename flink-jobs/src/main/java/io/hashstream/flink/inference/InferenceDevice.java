package io.hashstream.flink.inference;

import ai.djl.engine.Engine;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.model.HashCoderSession;

/**
 * Checks {@code inference.device} against the GPUs DJL sees, once per TaskManager, so that a
 * misconfigured TaskManager fails at start instead of silently running on the wrong device.
 *
 * <p>What the device decides today: core's {@link HashCoderSession} creates its PyTorch model on
 * DJL's default device, which is GPU 0 when the PyTorch natives deployed are a CUDA build and a
 * GPU is visible, else the CPU; neither it nor {@code OnnxImageEncoder} takes a device. So {@code
 * gpu} can only require a GPU and {@code cpu} can only require that none is visible. The bundled
 * encoder runs on ONNX Runtime's CPU build (the natives in {@code onnxruntime-engine}) whatever the
 * setting. Choosing the device for real needs a {@code Device} parameter in {@code
 * HashCoderSession.open} and {@code OnnxImageEncoder.load} (with {@code onnxruntime_gpu} deployed
 * for the encoder).
 */
final class InferenceDevice {
  private InferenceDevice() {}

  /**
   * The device inference runs on, for the log.
   *
   * @param setting the configured device
   * @param gpus GPUs DJL's PyTorch engine sees
   * @throws IllegalStateException when the setting cannot be honoured, saying what to change
   */
  static String choose(JobConfig.Device setting, int gpus) {
    return switch (setting) {
      case AUTO -> gpus > 0 ? "gpu(0)" : "cpu";
      case GPU -> {
        if (gpus == 0) {
          throw new IllegalStateException(
              "inference.device=gpu, but DJL's PyTorch engine sees no GPU: deploy the CUDA build "
                  + "of the PyTorch natives (pytorch-native-cu*) instead of pytorch-native-cpu, "
                  + "check that the GPU is visible to the TaskManager (nvidia-smi), or set "
                  + "inference.device=auto");
        }
        yield "gpu(0)";
      }
      case CPU -> {
        if (gpus > 0) {
          throw new IllegalStateException(
              "inference.device=cpu, but DJL's PyTorch engine sees " + gpus + " GPU(s) and the "
                  + "HashCoder runs on DJL's default device (GPU 0): hide the GPUs from the "
                  + "TaskManager (CUDA_VISIBLE_DEVICES=), deploy pytorch-native-cpu, or set "
                  + "inference.device=auto");
        }
        yield "cpu";
      }
    };
  }

  /** GPUs the HashCoder's engine sees (loads the engine's natives, which inference needs anyway). */
  static int visibleGpus() {
    return Engine.getEngine(HashCoderSession.ENGINE).getGpuCount();
  }
}
