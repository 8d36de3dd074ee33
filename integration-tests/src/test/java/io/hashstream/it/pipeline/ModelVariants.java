package io.hashstream.it.pipeline;

import io.hashstream.model.HashCoderWeights;
import io.hashstream.model.HashCoderWeights.Tensor;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Second models for swap tests, made from the default one: the same HashCoder with its output bits
 * reversed. Its codes are the bit-reversed codes of the original, so Hamming distances between
 * two images are the same under both versions (the expected alerts do not depend on when the swap
 * lands), while a code of one version compared with a code of the other gives a different
 * distance (which would expose any cross-version comparison).
 */
final class ModelVariants {
  private ModelVariants() {}

  static ModelArtifact bitReversed(ModelArtifact base, String version) {
    HashCoderWeights w = base.weights();
    int d = w.embeddingSize();
    int bits = w.bits();
    Map<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      float[] values = w.get(t).clone();
      switch (t) {
        case OUTPUT_WEIGHT -> {
          for (int b = 0; b < bits; b++) {
            System.arraycopy(w.get(t), (bits - 1 - b) * d, values, b * d, d);
          }
        }
        case OUTPUT_BIAS, BN_GAMMA, BN_BETA, BN_RUNNING_MEAN, BN_RUNNING_VAR -> {
          for (int b = 0; b < bits; b++) {
            values[b] = w.get(t)[bits - 1 - b];
          }
        }
        default -> {}
      }
      tensors.put(t, values);
    }
    return new ModelArtifact(
        ModelVersion.of(version),
        base.postprocessor(),
        HashCoderWeights.of(d, bits, tensors),
        base.metrics(),
        "bit-reversed " + base.version().id() + " (integration test)",
        Instant.parse("2026-11-28T00:00:00Z"));
  }

  /** The code of the bit-reversed model, from the original's. */
  static long reverse(long code, int bits) {
    return Long.reverse(code) >>> (64 - bits);
  }
}
