package io.hashstream.image;

import static io.hashstream.image.BilinearResamplerTest.greyRow;
import static io.hashstream.image.BilinearResamplerTest.greyValues;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColorAdjustmentsTest {

  @Test
  void lumaIsPilsLConversion() {
    assertThat(ColorAdjustments.luma(0xFFFFFF)).isEqualTo(255);
    assertThat(ColorAdjustments.luma(0xFF0000)).isEqualTo(76); // .299 · 255
    assertThat(ColorAdjustments.luma(0x00FF00)).isEqualTo(150); // .587 · 255
    assertThat(ColorAdjustments.luma(0x0000FF)).isEqualTo(29); // .114 · 255
  }

  @Test
  void brightnessScalesAndClips() {
    assertThat(greyValues(ColorAdjustments.brightness(greyRow(0, 100, 200), 1.4)))
        .containsExactly(0, 140, 255);
  }

  @Test
  void contrastBlendsWithTheMeanLuma() {
    // mean luma 100; factor .5 pulls 0 and 200 half way to it
    assertThat(greyValues(ColorAdjustments.contrast(greyRow(0, 200), 0.5)))
        .containsExactly(50, 150);
  }

  @Test
  void saturationZeroIsGreyAndOneIsTheIdentity() {
    RgbImage colours = RgbImage.of(3, 1, new int[] {0xFF0000, 0x00FF00, 0x123456});

    assertThat(ColorAdjustments.saturation(colours, 0))
        .isEqualTo(ColorAdjustments.grayscale(colours));
    assertThat(ColorAdjustments.saturation(colours, 1)).isEqualTo(colours);
  }

  @Test
  void hueRotatesPrimariesAndLeavesGreyAlone() {
    RgbImage colours = RgbImage.of(3, 1, new int[] {0xFF0000, 0x00FF00, 0x808080});

    assertThat(ColorAdjustments.hue(colours, 1 / 3.0).pixels())
        .containsExactly(0x00FF00, 0x0000FF, 0x808080);
    assertThat(ColorAdjustments.hue(colours, -1 / 3.0).pixels())
        .containsExactly(0x0000FF, 0xFF0000, 0x808080);
  }

  @Test
  void hueShiftOfZeroRoundTripsEveryPixel() {
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());

    assertThat(ColorAdjustments.hue(photo, 0)).isEqualTo(photo);
  }

  @Test
  void solarizeInvertsFromTheThresholdUp() {
    assertThat(greyValues(ColorAdjustments.solarize(greyRow(100, 127, 128, 200), 128)))
        .containsExactly(100, 127, 127, 55);
  }

  @Test
  void gaussianBlurKeepsFlatImagesAndSpreadsAnImpulseSymmetrically() {
    RgbImage flat = RgbImage.filled(9, 9, 0x406080);
    assertThat(GaussianBlur.apply(flat, 1.5)).isEqualTo(flat);

    int[] px = new int[81];
    px[40] = 0xFFFFFF;
    RgbImage blurred = GaussianBlur.apply(RgbImage.of(9, 9, px), 1.0);

    assertThat(blurred.rgb(4, 4) & 0xFF).isLessThan(255).isGreaterThan(blurred.rgb(3, 4) & 0xFF);
    assertThat(blurred.rgb(3, 4)).isEqualTo(blurred.rgb(5, 4)).isEqualTo(blurred.rgb(4, 3));
    assertThat(blurred.rgb(2, 2)).isEqualTo(blurred.rgb(6, 6));
  }
}
