package io.hashstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.util.JsonUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch path on a tiny traced module ({@code tools/torchscript-test-encoder}): NCHW
 * [n,3,16,16] to [n,6], with outputs that torch 1.13 computed when the module was saved.
 */
class TorchScriptImageEncoderTest {
  record Fixture(int[] inputShape, int embeddingSize, String sha256, float[][] expected) {}

  @TempDir static Path dir;
  static Path modelFile;
  static Fixture fixture;

  @BeforeAll
  static void setUp() throws IOException {
    modelFile = dir.resolve("tiny_encoder.pt");
    try (InputStream in = EncoderFixtures.resource("tiny_encoder.pt")) {
      Files.write(modelFile, in.readAllBytes());
    }
    try (InputStream in = EncoderFixtures.resource("tiny_encoder.json")) {
      fixture =
          JsonUtils.GSON.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Fixture.class);
    }
  }

  static EncoderConfig config() {
    return EncoderConfig.of("tiny", EncoderInputShape.rgbNchw(16, 16));
  }

  /** x[i,c,h,w] = ((7i + 5c + 3h + w) mod 17) / 16, as in the generating script. */
  static float[] pattern(int n) {
    float[] x = new float[n * 3 * 16 * 16];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int h = 0; h < 16; h++) {
          for (int w = 0; w < 16; w++) {
            x[k++] = ((7 * i + 5 * c + 3 * h + w) % 17) / 16f;
          }
        }
      }
    }
    return x;
  }

  @Test
  void reproducesTorchOutputs() {
    try (TorchScriptImageEncoder encoder = TorchScriptImageEncoder.load(modelFile, config())) {
      assertThat(encoder.embeddingSize()).isEqualTo(fixture.embeddingSize());
      float[][] out = encoder.encode(pattern(2), 2);
      for (int i = 0; i < 2; i++) {
        assertThat(out[i]).containsExactly(fixture.expected()[i], within(1e-5f));
      }
      // batch independence: the second image alone gives the same embedding
      float[] second = new float[3 * 16 * 16];
      System.arraycopy(pattern(2), second.length, second, 0, second.length);
      assertThat(encoder.encode(second, 1)[0]).containsExactly(out[1], within(1e-5f));
    }
  }

  @Test
  void verifiedLoadChecksTheDigest() {
    try (TorchScriptImageEncoder encoder =
        TorchScriptImageEncoder.loadVerified(modelFile, fixture.sha256(), config())) {
      assertThat(encoder.encode(pattern(2), 2)[0])
          .containsExactly(fixture.expected()[0], within(1e-5f));
    }
    assertThatThrownBy(
            () -> TorchScriptImageEncoder.loadVerified(modelFile, "f".repeat(64), config()))
        .isInstanceOf(ModelIntegrityException.class);
  }

  @Test
  void failuresAreEncoderExceptions() {
    assertThatThrownBy(
            () -> TorchScriptImageEncoder.load(modelFile, config().withExpectedEmbeddingSize(7)))
        .isInstanceOf(EncoderException.class);
    assertThatThrownBy(() -> TorchScriptImageEncoder.load(dir.resolve("none.pt"), config()))
        .isInstanceOf(EncoderException.class);
    // a 3x8x8 input still runs (global pooling), but the wrong channel count does not
    EncoderInputShape twoChannels = new EncoderInputShape(2, 16, 16, TensorLayout.NCHW);
    assertThatThrownBy(
            () -> TorchScriptImageEncoder.load(modelFile, EncoderConfig.of("x", twoChannels)))
        .isInstanceOf(EncoderException.class);
  }
}
