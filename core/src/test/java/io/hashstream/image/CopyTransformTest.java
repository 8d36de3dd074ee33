package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CopyTransformTest {
  private static final int W = 120;
  private static final int H = 80;

  /** Expected output sizes of a 120×80 input, worked out from each constant's javadoc. */
  private static final Map<CopyTransform, int[]> SIZES = new EnumMap<>(CopyTransform.class);

  private static RgbImage original;

  @BeforeAll
  static void setUp() {
    original = BilinearResampler.resize(RgbImage.fromBufferedImage(ImageFixtures.photo()), W, H);
    for (CopyTransform t : CopyTransform.values()) {
      SIZES.put(t, new int[] {W, H});
    }
    SIZES.put(CopyTransform.DOWNSCALE_TO_25_PERCENT, new int[] {30, 20});
    for (CopyTransform crop :
        new CopyTransform[] {
          CopyTransform.CENTER_CROP,
          CopyTransform.CROP_TOP_LEFT,
          CopyTransform.CROP_TOP_RIGHT,
          CopyTransform.CROP_BOTTOM_LEFT,
          CopyTransform.CROP_BOTTOM_RIGHT
        }) {
      SIZES.put(crop, new int[] {84, 56});
    }
    SIZES.put(CopyTransform.ROTATE_90, new int[] {H, W});
    SIZES.put(CopyTransform.BORDER, new int[] {W + 16, H + 16});
    SIZES.put(CopyTransform.ASPECT_STRETCH, new int[] {180, H});
    SIZES.put(CopyTransform.COMBINATION, new int[] {96, 64});
    for (CopyTransform crop :
        new CopyTransform[] {
          CopyTransform.CROP_40_PERCENT_CENTER,
          CopyTransform.CROP_40_PERCENT_TOP_LEFT,
          CopyTransform.CROP_40_PERCENT_BOTTOM_RIGHT
        }) {
      SIZES.put(crop, new int[] {76, 51}); // round(120·√0.4), round(80·√0.4)
    }
    SIZES.put(CopyTransform.ROTATE_270, new int[] {H, W});
    SIZES.put(CopyTransform.LETTERBOX, new int[] {W, 214}); // ceil(120 · 16 / 9)
    SIZES.put(CopyTransform.CROP_ROTATE_JPEG, new int[] {85, 57}); // round(120·√0.5), round(80·√0.5)
    SIZES.put(CopyTransform.TURN_CROP_GRAY, new int[] {62, 93}); // 80×120 turned, then ·√0.6
    SIZES.put(CopyTransform.FLIP_BORDER_CAPTION, new int[] {W + 12, H + 12}); // 8% of 80 = 6
  }

  @ParameterizedTest
  @EnumSource(CopyTransform.class)
  void producesADecodableImageOfTheExpectedSize(CopyTransform transform) throws Exception {
    RgbImage copy = transform.apply(original);
    RgbImage decoded = ImageDecoder.withDefaults().decode(ImageFileWriter.png(copy));

    assertThat(new int[] {decoded.width(), decoded.height()}).containsExactly(SIZES.get(transform));
    assertThat(decoded).isEqualTo(copy);
    assertThat(copy).isNotEqualTo(original);
  }

  @ParameterizedTest
  @EnumSource(CopyTransform.class)
  void isDeterministic(CopyTransform transform) {
    assertThat(transform.apply(original)).isEqualTo(transform.apply(original));
  }

  @Test
  void cropsComeFromTheNamedCorner() {
    assertThat(CopyTransform.CROP_TOP_LEFT.apply(original)).isEqualTo(original.crop(0, 0, 84, 56));
    assertThat(CopyTransform.CROP_BOTTOM_RIGHT.apply(original))
        .isEqualTo(original.crop(36, 24, 84, 56));
    assertThat(CopyTransform.CENTER_CROP.apply(original)).isEqualTo(original.crop(18, 12, 84, 56));
  }

  @Test
  void fortyPercentCropsKeepTheNamedWindow() {
    assertThat(CopyTransform.CROP_40_PERCENT_TOP_LEFT.apply(original))
        .isEqualTo(original.crop(0, 0, 76, 51));
    assertThat(CopyTransform.CROP_40_PERCENT_BOTTOM_RIGHT.apply(original))
        .isEqualTo(original.crop(44, 29, 76, 51));
    assertThat(CopyTransform.CROP_40_PERCENT_CENTER.apply(original))
        .isEqualTo(original.crop(22, 14, 76, 51));
  }

  @Test
  void letterboxCentresTheUnscaledImageBetweenBlackBars() {
    RgbImage boxed = CopyTransform.LETTERBOX.apply(original);
    int top = (214 - H) / 2;

    assertThat(boxed.crop(0, top, W, H)).isEqualTo(original);
    assertThat(boxed.rgb(0, 0)).isZero();
    assertThat(boxed.rgb(W - 1, 213)).isZero();
  }

  @Test
  void quarterTurnsCompose() {
    RgbImage half = CopyTransform.ROTATE_180.apply(original);

    assertThat(CopyTransform.ROTATE_90.apply(CopyTransform.ROTATE_90.apply(original)))
        .isEqualTo(half);
    assertThat(CopyTransform.ROTATE_270.apply(CopyTransform.ROTATE_90.apply(original)))
        .isEqualTo(original);
    assertThat(CopyTransform.VERTICAL_FLIP.apply(CopyTransform.HORIZONTAL_FLIP.apply(original)))
        .isEqualTo(half);
  }

  @Test
  void captionDrawsTextInTheBottomBandOnly() {
    RgbImage captioned = CopyTransform.CAPTION.apply(original);

    int changedTop = 0;
    int changedBottom = 0;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (captioned.rgb(x, y) != original.rgb(x, y)) {
          if (y < H / 2) {
            changedTop++;
          } else {
            changedBottom++;
          }
        }
      }
    }
    assertThat(changedTop).isZero();
    assertThat(changedBottom).isGreaterThan(50);
  }

  @Test
  void everyTransformHasAFamilyAndApplyAllCoversThemAll() {
    Map<CopyTransform, RgbImage> all = CopyTransform.applyAll(RgbImage.filled(20, 10, 0x336699));

    assertThat(all).containsOnlyKeys(CopyTransform.values());
    for (CopyTransform t : CopyTransform.values()) {
      assertThat(t.family()).isNotNull();
    }
  }
}
