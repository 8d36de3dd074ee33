package io.hashstream.inference;

import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.ChannelNormalization;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.model.HashCoderWeights;
import io.hashstream.model.HashCoderWeights.Tensor;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** Seeded images, a fake-encoder extractor and small random models for the inference tests. */
public final class InferenceFixtures {
  /** The creation time of every fixture model. */
  public static final Instant CREATED = Instant.parse("2026-01-01T12:00:00Z");

  private InferenceFixtures() {}

  /** A PNG of one colour whose top-left pixel's red value is {@code firstRed}. */
  static byte[] png(int rgb, int firstRed) {
    int[] pixels = new int[4 * 4];
    Arrays.fill(pixels, rgb);
    pixels[0] = (firstRed << 16) | (rgb & 0xFFFF);
    return ImageFileWriter.png(RgbImage.of(4, 4, pixels));
  }

  /** A PNG of seeded noise, never triggering the fake encoder's special values. */
  static byte[] noisePng(long seed) {
    Random random = new Random(seed);
    int[] pixels = new int[4 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(1 << 24);
    }
    pixels[0] = (pixels[0] & 0x00FFFF) | (0x80 << 16);
    return ImageFileWriter.png(RgbImage.of(4, 4, pixels));
  }

  static EmbeddingExtractor extractor(FakeEncoder encoder, int maxBatch) {
    return new EmbeddingExtractor(
        encoder,
        ImageDecoder.withDefaults(),
        new CenterCropPreprocessor(FakeEncoder.SHAPE, ChannelNormalization.NONE),
        maxBatch);
  }

  /** A 16-bit model over the fake encoder's embeddings, random weights from {@code seed}. */
  static ModelArtifact model(long seed) {
    return randomModel("fake-encoder", FakeEncoder.SIZE, 16, "test-" + seed, seed);
  }

  /**
   * A model with random Gaussian weights (scaled by 1/√d), zero biases and an identity BatchNorm,
   * an uncentred post-processor and a fixed creation time; for tests in other modules too (through
   * core's test-jar).
   *
   * @param encoderId the encoder id the model claims
   * @param d the embedding size
   * @param bits the code length
   * @param version the model version id
   * @param seed seeds the weights
   * @return the artifact
   */
  public static ModelArtifact randomModel(
      String encoderId, int d, int bits, String version, long seed) {
    return randomModel(encoderId, d, d, bits, version, seed);
  }

  /**
   * As {@link #randomModel(String, int, int, String, long)}, with a hidden layer of width {@code
   * h}.
   *
   * @param encoderId the encoder id the model claims
   * @param d the embedding size
   * @param h the hidden width
   * @param bits the code length
   * @param version the model version id
   * @param seed seeds the weights
   * @return the artifact
   */
  public static ModelArtifact randomModel(
      String encoderId, int d, int h, int bits, String version, long seed) {
    Random random = new Random(seed);
    Map<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      int[] shape = t.shape(d, h, bits);
      float[] v = new float[shape.length == 1 ? shape[0] : shape[0] * shape[1]];
      for (int i = 0; i < v.length; i++) {
        v[i] =
            switch (t) {
              case BN_RUNNING_VAR, BN_GAMMA -> 1f;
              case BN_RUNNING_MEAN, BN_BETA, HIDDEN_BIAS, OUTPUT_BIAS -> 0f;
              default -> (float) (random.nextGaussian() / Math.sqrt(d));
            };
      }
      tensors.put(t, v);
    }
    return new ModelArtifact(
        ModelVersion.of(version),
        EmbeddingPostprocessor.uncentred(encoderId, d),
        HashCoderWeights.of(d, h, bits, tensors),
        Map.of("loss", 0.25, "bit_balance_min", 0.4),
        "hashstream train --test",
        CREATED);
  }
}
