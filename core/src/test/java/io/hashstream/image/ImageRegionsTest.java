package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRegionsTest {
  private static RgbImage numbered(int w, int h) {
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = i;
    }
    return RgbImage.of(w, h, px);
  }

  @Test
  void cutsTheCentreAndTheFourCornersInOrder() {
    RgbImage image = numbered(100, 50);

    List<RgbImage> regions = new ImageRegions(0.6).of(image);

    assertThat(regions).hasSize(ImageRegions.COUNT);
    assertThat(regions.get(0)).isEqualTo(image.crop(20, 10, 60, 30));
    assertThat(regions.get(1)).isEqualTo(image.crop(0, 0, 60, 30));
    assertThat(regions.get(2)).isEqualTo(image.crop(40, 0, 60, 30));
    assertThat(regions.get(3)).isEqualTo(image.crop(0, 20, 60, 30));
    assertThat(regions.get(4)).isEqualTo(image.crop(40, 20, 60, 30));
  }

  @Test
  void aTinyImageStillGivesOnePixelWindows() {
    assertThat(new ImageRegions(0.1).of(numbered(3, 2))).allSatisfy(r -> assertThat(r.width()).isEqualTo(1));
  }

  @Test
  void rejectsFractionsOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new ImageRegions(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageRegions(1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
