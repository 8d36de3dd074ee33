package io.hashstream.bench.pipeline;

import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A second model for the hot-swap benchmark, made from a base model: the same HashCoder with its
 * output bits permuted (a seeded permutation), under a new version. It costs exactly what the base
 * model costs per embedding, so the swap measures the re-hash of a real-sized model, and its codes
 * are a permutation of the base's, so alerts keep their distances (the idea of the integration
 * tests' {@code ModelVariants.bitReversed}, generalised to any permutation).
 */
final class PermutedModel {
  private PermutedModel() {}

  /**
   * @param base the model to permute
   * @param version the new version id
   * @param seed picks the permutation
   */
  static ModelArtifact of(ModelArtifact base, String version, long seed) {
    int[] perm = permutation(base.weights().bits(), seed);
    return new ModelArtifact(
        ModelVersion.of(version),
        base.postprocessor(),
        base.weights().withOutputsReordered(perm),
        base.metrics(),
        "output bits of " + base.version().id() + " permuted with seed " + seed + " (bench-pipeline)",
        Instant.now());
  }

  /** Bit b of the new model is bit {@code perm[b]} of the base; never the identity. */
  static int[] permutation(int bits, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] perm = new int[bits];
    for (int i = 0; i < bits; i++) {
      perm[i] = i;
    }
    do {
      for (int i = bits - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
    } while (isIdentity(perm));
    return perm;
  }

  private static boolean isIdentity(int[] perm) {
    for (int i = 0; i < perm.length; i++) {
      if (perm[i] != i) {
        return false;
      }
    }
    return true;
  }
}
