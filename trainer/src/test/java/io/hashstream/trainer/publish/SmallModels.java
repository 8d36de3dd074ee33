package io.hashstream.trainer.publish;

import io.hashstream.inference.InferenceFixtures;
import io.hashstream.model.ModelArtifact;
import java.time.Instant;

/** A small seeded model artifact (8-d, 16 bits) for the publishing tests. */
final class SmallModels {
  static final Instant CREATED = InferenceFixtures.CREATED;

  private SmallModels() {}

  static ModelArtifact artifact(String version, long seed) {
    return InferenceFixtures.randomModel("test-encoder", 8, 16, version, seed);
  }
}
