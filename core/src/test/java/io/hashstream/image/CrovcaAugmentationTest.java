package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrovcaAugmentationTest {
  private static final int SIZE = 64;
  private final RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());
  private final CrovcaAugmentation crovca = new CrovcaAugmentation(AugmentationConfig.crovca(SIZE));

  @Test
  void theSameSeedGivesTheSameView() {
    for (long seed = 0; seed < 30; seed++) {
      RgbImage first = crovca.apply(photo, new SplittableRandom(seed));
      RgbImage second = crovca.apply(photo, new SplittableRandom(seed));

      assertThat(first).as("seed %d", seed).isEqualTo(second);
    }
  }

  @Test
  void differentSeedsGiveDifferentSquareViews() {
    Set<RgbImage> views = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      RgbImage view = crovca.apply(photo, new SplittableRandom(seed));
      assertThat(view.width()).isEqualTo(SIZE);
      assertThat(view.height()).isEqualTo(SIZE);
      views.add(view);
    }

    assertThat(views).hasSize(30);
  }

  @Test
  void twoViewsFromOneGeneratorDiffer() {
    SplittableRandom random = new SplittableRandom(5);

    assertThat(crovca.apply(photo, random)).isNotEqualTo(crovca.apply(photo, random));
  }

  @Test
  void crovcaDefaultsAreThoseOfTheReferenceRecipe() {
    AugmentationConfig c = AugmentationConfig.crovca(224);

    assertThat(c.cropScaleMin()).isEqualTo(0.4);
    assertThat(c.cropRatioMin()).isEqualTo(0.75);
    assertThat(c.cropRatioMax()).isCloseTo(4 / 3.0, within(1e-12));
    assertThat(c.flipProbability()).isEqualTo(0.5);
    assertThat(c.jitterProbability()).isEqualTo(0.8);
    assertThat(new double[] {c.brightness(), c.contrast(), c.saturation(), c.hue()})
        .containsExactly(0.4, 0.4, 0.4, 0.2);
    assertThat(c.grayscaleProbability()).isEqualTo(0.2);
    assertThat(c.blurProbability()).isEqualTo(0.1);
    assertThat(c.solarizeProbability()).isEqualTo(0.1);
    assertThat(c.solarizeThreshold()).isEqualTo(128);
  }

  /** Gates always draw, so forcing one stage on changes that stage only. */
  @Test
  void eachStageSitsInItsPlaceInTheOrder() {
    for (long seed = 0; seed < 10; seed++) {
      RgbImage plain = onlyCrop(0, 0, 0).apply(photo, new SplittableRandom(seed));

      assertThat(onlyCrop(1, 0, 0).apply(photo, new SplittableRandom(seed)))
          .isEqualTo(plain.flippedHorizontally());
      assertThat(onlyCrop(0, 1, 0).apply(photo, new SplittableRandom(seed)))
          .isEqualTo(ColorAdjustments.grayscale(plain));
      assertThat(onlyCrop(0, 0, 1).apply(photo, new SplittableRandom(seed)))
          .isEqualTo(ColorAdjustments.solarize(plain, 128));
    }
  }

  @Test
  void randomResizedCropStaysWithinItsScaleAndRatioRanges() {
    RandomResizedCrop crop = new RandomResizedCrop(0.4, 1.0, 3 / 4.0, 4 / 3.0);
    SplittableRandom random = new SplittableRandom(11);
    double areaSum = 0;
    int draws = 2000;
    for (int i = 0; i < draws; i++) {
      RandomResizedCrop.Rectangle r = crop.sample(640, 480, random);
      double area = (double) r.width() * r.height() / (640 * 480);
      double ratio = (double) r.width() / r.height();

      assertThat(r.left() + r.width()).isLessThanOrEqualTo(640);
      assertThat(r.top() + r.height()).isLessThanOrEqualTo(480);
      assertThat(area).isBetween(0.39, 1.0);
      assertThat(ratio).isBetween(0.74, 1.35);
      areaSum += area;
    }
    // Uniform in [0.4, 1] has mean 0.7; draws that do not fit the image are redrawn, lowering it.
    assertThat(areaSum / draws).isBetween(0.55, 0.7);
  }

  @Test
  void impossibleRatiosFallBackToTheCentredCrop() {
    RandomResizedCrop crop = new RandomResizedCrop(0.9, 1.0, 3 / 4.0, 4 / 3.0);

    RandomResizedCrop.Rectangle r = crop.sample(1000, 100, new SplittableRandom(1));

    assertThat(r).isEqualTo(new RandomResizedCrop.Rectangle(433, 0, 133, 100));
  }

  private static CrovcaAugmentation onlyCrop(double flip, double grey, double solarize) {
    return new CrovcaAugmentation(
        new AugmentationConfig(
            SIZE, 0.4, 1.0, 0.75, 4 / 3.0, flip, 0, 0.4, 0.4, 0.4, 0.2, grey, 0, 0.1, 2.0, solarize,
            128));
  }
}
