package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EncoderInputShape;
import io.hashstream.encoder.TensorLayout;
import org.junit.jupiter.api.Test;

class CenterCropPreprocessorTest {
  /**
   * A 6×4 image: red varies by column (0 70 140 210 35 105), green by row (0 70 140 210), blue is
   * 200. Target 2×2: the shorter side 4 → 2 (scale 2), width 6 → floor(2·6/4) = 3, crop offset
   * round_half_even((3 − 2)/2) = 0, so the source window is x ∈ [0, 4), y ∈ [0, 4).
   *
   * <p>Columns: output 0 has centre 1, taps 0..2, weights .75 .75 .25 (÷1.75) → (0·.75 + 70·.75 +
   * 140·.25)/1.75 = 50; output 1 has centre 3, taps 1..4, weights .125 .375 .375 .125 → 8.75 + 52.5
   * + 78.75 + 4.375 = 144.375 → 144. Rows (the border cuts the second footprint): 50 and (70 +
   * 3·140 + 3·210)/7 = 160.
   */
  private static final RgbImage TINY = tiny();

  private static final float[] EXPECTED_NCHW = {
    f(50), f(144), f(50), f(144), // R plane
    f(50), f(50), f(160), f(160), // G plane
    f(200), f(200), f(200), f(200) // B plane
  };

  @Test
  void nchwMatchesTheHandComputedValues() {
    CenterCropPreprocessor pre =
        new CenterCropPreprocessor(EncoderInputShape.rgbNchw(2, 2), ChannelNormalization.NONE);

    assertThat(pre.preprocess(TINY)).containsExactly(EXPECTED_NCHW);
  }

  @Test
  void nhwcInterleavesTheSameValues() {
    CenterCropPreprocessor pre =
        new CenterCropPreprocessor(
            new EncoderInputShape(3, 2, 2, TensorLayout.NHWC), ChannelNormalization.NONE);

    float[] out = pre.preprocess(TINY);

    for (int pixel = 0; pixel < 4; pixel++) {
      for (int c = 0; c < 3; c++) {
        assertThat(out[pixel * 3 + c]).isEqualTo(EXPECTED_NCHW[c * 4 + pixel]);
      }
    }
  }

  @Test
  void imagenetNormalisationAndOneChannelLuma() {
    CenterCropPreprocessor imagenet =
        new CenterCropPreprocessor(EncoderInputShape.rgbNchw(2, 2), ChannelNormalization.IMAGENET);
    CenterCropPreprocessor luma =
        new CenterCropPreprocessor(
            new EncoderInputShape(1, 2, 2, TensorLayout.NCHW), ChannelNormalization.NONE);

    assertThat(imagenet.preprocess(TINY)[0])
        .isCloseTo((50 / 255f - 0.485f) / 0.229f, within(1e-6f));
    // luma of (50, 50, 200) = round(.299·50 + .587·50 + .114·200) = 67
    assertThat(luma.preprocess(TINY)[0]).isEqualTo(f(67));
  }

  @Test
  void cropOffsetRoundsHalfToEvenLikeTorchvision() {
    // 7×2 to 2×2: height binds (scale 1), width stays 7; offset round_half_even(2.5) = 2.
    int[] px = new int[14];
    for (int x = 0; x < 7; x++) {
      px[x] = px[7 + x] = x * 30 * 0x010101;
    }
    CenterCropPreprocessor pre =
        new CenterCropPreprocessor(EncoderInputShape.rgbNchw(2, 2), ChannelNormalization.NONE);

    RgbImage cropped = pre.resizeAndCrop(RgbImage.of(7, 2, px));

    assertThat(BilinearResamplerTest.greyValues(cropped)).containsExactly(60, 90, 60, 90);
  }

  @Test
  void bundledEncoderInputFromALandscapeAndAPortraitPhoto() {
    CenterCropPreprocessor pre = CenterCropPreprocessor.forBundledEncoder();
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());
    RgbImage landscape = BilinearResampler.resize(photo, 300, 200);

    for (RgbImage image : new RgbImage[] {landscape, landscape.crop(0, 0, 150, 200)}) {
      float[] input = pre.preprocess(image);

      assertThat(input).hasSize(BundledEncoder.INPUT_SHAPE.valuesPerImage());
      for (float v : input) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void preprocessIntoWritesTheRightSlotOfABatch() {
    CenterCropPreprocessor pre =
        new CenterCropPreprocessor(EncoderInputShape.rgbNchw(2, 2), ChannelNormalization.NONE);
    float[] batch = new float[3 * 12];

    pre.preprocessInto(TINY, batch, 1);

    assertThat(java.util.Arrays.copyOfRange(batch, 12, 24)).containsExactly(EXPECTED_NCHW);
    assertThat(java.util.Arrays.copyOfRange(batch, 0, 12)).containsOnly(0f);
    assertThat(java.util.Arrays.copyOfRange(batch, 24, 36)).containsOnly(0f);
  }

  /** v / 255 in double, rounded to float, as the encoder's reference preprocessing does. */
  private static float f(int v) {
    return (float) (v / 255.0);
  }

  private static RgbImage tiny() {
    int[] red = {0, 70, 140, 210, 35, 105};
    int[] green = {0, 70, 140, 210};
    int[] px = new int[24];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        px[y * 6 + x] = red[x] << 16 | green[y] << 8 | 200;
      }
    }
    return RgbImage.of(6, 4, px);
  }
}
