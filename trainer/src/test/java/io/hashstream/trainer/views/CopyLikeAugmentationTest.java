package io.hashstream.trainer.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.RgbImage;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyLikeAugmentationTest {
  private static RgbImage gradient(int w, int h) {
    int[] px = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = (x * 255 / w) << 16 | (y * 255 / h) << 8 | ((x + y) & 0xFF);
      }
    }
    return RgbImage.of(w, h, px);
  }

  @Test
  void sameSeedSameViewAndViewsVary() {
    RgbImage photo = gradient(160, 120);
    CopyLikeAugmentation aug = new CopyLikeAugmentation(64, 0.5);
    Set<RgbImage> distinct = new HashSet<>();
    for (int pair = 0; pair < 24; pair++) {
      RgbImage a = aug.apply(photo, ViewSeeds.of(0, 3, pair, 1));
      RgbImage b = aug.apply(photo, ViewSeeds.of(0, 3, pair, 1));
      assertThat(a).isEqualTo(b);
      assertThat(a.width()).isPositive();
      distinct.add(a);
    }
    assertThat(distinct.size()).isGreaterThan(12);
    assertThat(aug.apply(photo, new SplittableRandom(1))).isEqualTo(aug.apply(photo, new SplittableRandom(1)));
  }
}
