package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected values are PIL's bilinear coefficients, worked out by hand in the comments. */
class BilinearResamplerTest {

  @Test
  void sameSizeIsTheIdentity() {
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());

    assertThat(BilinearResampler.resize(photo, 112, 112)).isEqualTo(photo);
  }

  @Test
  void halvingAveragesTheTriangleFootprint() {
    // 4 → 2: scale 2, support 2. Output 0: centre 1, taps 0..2 with weights .75 .75 .25 (÷1.75);
    // output 1: centre 3, taps 1..3 with weights .25 .75 .75 (÷1.75), cut off at the border.
    RgbImage row = greyRow(0, 70, 140, 210);

    RgbImage half = BilinearResampler.resize(row, 2, 1);

    assertThat(greyValues(half)).containsExactly(50, 160); // (0·3+70·3+140)/7, (70+140·3+210·3)/7
  }

  @Test
  void upscalingInterpolatesBetweenNeighbours() {
    // 2 → 4: scale .5, support 1. Centres .25 .75 1.25 1.75: first and last see one pixel,
    // the middle two blend .75/.25.
    RgbImage row = greyRow(0, 200);

    RgbImage doubled = BilinearResampler.resize(row, 4, 1);

    assertThat(greyValues(doubled)).containsExactly(0, 50, 150, 200);
  }

  @Test
  void aRegionIsTheResizeOfTheWholeImageCropped() {
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());

    RgbImage whole = BilinearResampler.resize(photo, 56, 56);
    RgbImage region = BilinearResampler.resizeRegion(photo, 20, 40, 80, 100, 30, 30);

    assertThat(region).isEqualTo(whole.crop(10, 20, 30, 30));
  }

  @Test
  void regionsOutsideTheImageAreRejected() {
    RgbImage image = RgbImage.filled(4, 4, 0);

    assertThatThrownBy(() -> BilinearResampler.resizeRegion(image, 0, 0, 5, 4, 2, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static RgbImage greyRow(int... values) {
    int[] px = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      px[i] = values[i] * 0x010101;
    }
    return RgbImage.of(values.length, 1, px);
  }

  static int[] greyValues(RgbImage image) {
    int[] px = image.pixels();
    int[] grey = new int[px.length];
    for (int i = 0; i < px.length; i++) {
      assertThat(px[i] & 0xFF).isEqualTo((px[i] >> 16) & 0xFF);
      grey[i] = px[i] & 0xFF;
    }
    return grey;
  }
}
