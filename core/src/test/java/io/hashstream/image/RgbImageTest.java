package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void ofCopiesAndDropsTheTopByte() {
    int[] px = {0xFF112233, 0x00445566};
    RgbImage image = RgbImage.of(2, 1, px);
    px[0] = 0;

    assertThat(image.pixels()).containsExactly(0x112233, 0x445566);
  }

  @Test
  void pixelsIsACopy() {
    RgbImage image = RgbImage.filled(2, 2, 0x010203);
    image.pixels()[0] = 0;

    assertThat(image.rgb(0, 0)).isEqualTo(0x010203);
  }

  @Test
  void copyRowCopiesOneRowAtTheOffset() {
    RgbImage image = RgbImage.of(2, 2, new int[] {1, 2, 3, 4});
    int[] row = new int[3];

    image.copyRow(1, row, 1);

    assertThat(row).containsExactly(0, 3, 4);
    assertThatThrownBy(() -> image.copyRow(2, row, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void bufferedImageRoundTripIsExact() {
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());

    assertThat(RgbImage.fromBufferedImage(photo.toBufferedImage())).isEqualTo(photo);
  }

  @Test
  void aSubimageIsReadFromItsOwnOrigin() {
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());

    RgbImage sub = RgbImage.fromBufferedImage(photo.toBufferedImage().getSubimage(10, 20, 30, 40));

    assertThat(sub).isEqualTo(photo.crop(10, 20, 30, 40));
  }

  @Test
  void cropsOutsideTheImageAndEmptySizesAreRejected() {
    RgbImage image = RgbImage.filled(4, 3, 0);

    assertThatThrownBy(() -> image.crop(2, 0, 3, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> image.crop(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RgbImage.of(0, 1, new int[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> image.rgb(4, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
