package io.hashstream.model;

import java.time.Instant;

/**
 * Second models for swap tests, made from the default one: the same HashCoder with its output bits
 * reversed. Its codes are the bit-reversed codes of the original, so Hamming distances between
 * two images are the same under both versions (the expected alerts do not depend on when the swap
 * lands), while a code of one version compared with a code of the other gives a different
 * distance (which would expose any cross-version comparison).
 */
public final class ModelVariants {
  private ModelVariants() {}

  /** The same HashCoder as {@code base} with its output bits reversed, as version {@code version}. */
  public static ModelArtifact bitReversed(ModelArtifact base, String version) {
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
        "bit-reversed " + base.version().id() + " (test)",
        Instant.parse("2026-11-28T00:00:00Z"));
  }
}
