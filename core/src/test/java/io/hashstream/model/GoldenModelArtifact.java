package io.hashstream.model;

import io.hashstream.encoder.EmbeddingPostprocessor;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code golden/model-artifact-v1.hsm}: an 8-d, 16-bit HashCoder whose every number
 * comes from a closed formula, so the file can be re-derived and checked by eye. Run {@link
 * #main(String[])} only when a new format version is released, to write that version's file next
 * to the old ones; never overwrite an old version's file.
 */
final class GoldenModelArtifact {
  static final String RESOURCE = "/golden/model-artifact-v1.hsm";
  static final int D = 8;
  static final int BITS = 16;

  private GoldenModelArtifact() {}

  static ModelArtifact expected() {
    HashCoderWeights weights =
        ModelFixtures.weights(
            D,
            BITS,
            (t, i) ->
                switch (t) {
                  case HIDDEN_WEIGHT -> ((i * 7 + 3) % 11 - 5) / 8f;
                  case OUTPUT_WEIGHT -> ((i * 5 + 1) % 13 - 6) / 8f;
                  case HIDDEN_BIAS -> (i % 3 - 1) / 16f;
                  case OUTPUT_BIAS -> (i % 5 - 2) / 32f;
                  case BN_GAMMA -> 1f + i / 64f;
                  case BN_BETA -> (i % 4 - 1.5f) / 16f;
                  case BN_RUNNING_MEAN -> (i % 7 - 3) / 4f;
                  case BN_RUNNING_VAR -> 0.5f + i / 16f;
                });
    float[] mean = new float[D];
    for (int i = 0; i < D; i++) {
      mean[i] = i / 16f;
    }
    Map<String, Double> metrics = new TreeMap<>();
    metrics.put("loss", 0.625);
    metrics.put("bit_balance_min", 0.4375);
    return new ModelArtifact(
        ModelVersion.of("golden-v1-16"),
        EmbeddingPostprocessor.of("golden-encoder", mean, 42),
        weights,
        metrics,
        "hashstream train --golden \u00e9",
        ModelFixtures.T0);
  }

  /** Four rows the test hashes: x[r][j] = ((3r + 5j) mod 7 - 3) / 4. */
  static float[] inputs() {
    float[] x = new float[4 * D];
    for (int r = 0; r < 4; r++) {
      for (int j = 0; j < D; j++) {
        x[r * D + j] = ((3 * r + 5 * j) % 7 - 3) / 4f;
      }
    }
    return x;
  }

  /**
   * Writes the golden file.
   *
   * @param args the target path, e.g. {@code core/src/test/resources/golden/model-artifact-v1.hsm}
   */
  public static void main(String[] args) {
    System.out.println(expected().write(Path.of(args[0])));
  }
}
