package io.hashstream.it.pipeline;

import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import java.time.Instant;

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
    int bits = base.weights().bits();
    int[] reversed = new int[bits];
    for (int b = 0; b < bits; b++) {
      reversed[b] = bits - 1 - b;
    }
    return new ModelArtifact(
        ModelVersion.of(version),
        base.postprocessor(),
        base.weights().withOutputsReordered(reversed),
        base.metrics(),
        "bit-reversed " + base.version().id() + " (integration test)",
        Instant.parse("2026-11-28T00:00:00Z"));
  }

  /** The code of the bit-reversed model, from the original's. */
  static long reverse(long code, int bits) {
    return Long.reverse(code) >>> (64 - bits);
  }
}
