package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.BorderTrimmer.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BorderTrimmerTest {
  private static final int BLACK = 0x000000;
  private static final int WHITE = 0xFFFFFF;
  private static final int BLUE_PADDING = 0x3A7BD5;

  /** How far a JPEG's ringing at a bar's edge may move the cut: one 4:2:0 block of 16 pixels. */
  private static final int JPEG_SLACK_PIXELS = 16;

  private static RgbImage photo;
  private static RgbImage otherPhoto;

  private final BorderTrimmer trimmer = BorderTrimmer.withDefaults();

  @BeforeAll
  static void readPhotos() {
    photo = parityImage("bridge-mods/square-512x512.jpg");
    otherPhoto = parityImage("misc/pen-and-coaster.png");
  }

  @Test
  void blackLetterboxBarsAreTrimmedExactly() {
    RgbImage boxed = pad(photo, 0, 80, 0, 80, BLACK);

    assertThat(trimmer.content(boxed)).isEqualTo(new Content(0, 80, 512, 512));
    assertThat(trimmer.trim(boxed)).isEqualTo(photo);
  }

  @Test
  void whitePillarboxBarsAreTrimmedExactly() {
    RgbImage boxed = pad(photo, 100, 0, 100, 0, WHITE);

    assertThat(trimmer.trim(boxed)).isEqualTo(photo);
  }

  @Test
  void unevenColouredPaddingIsTrimmedExactlyOnEverySide() {
    RgbImage padded = pad(otherPhoto, 13, 40, 27, 9, BLUE_PADDING);

    assertThat(trimmer.content(padded))
        .isEqualTo(new Content(13, 40, otherPhoto.width(), otherPhoto.height()));
    assertThat(trimmer.trim(padded)).isEqualTo(otherPhoto);
  }

  @Test
  void barsOfDifferentColoursOnEachSideAreTrimmed() {
    RgbImage boxed = pad(pad(photo, 0, 30, 0, 50, BLACK), 20, 0, 20, 0, WHITE);

    assertThat(trimmer.trim(boxed)).isEqualTo(photo);
  }

  @Test
  void theCopyTransformBorderIsUndone() {
    RgbImage bordered = CopyTransform.BORDER.apply(photo);

    assertThat(trimmer.trim(bordered)).isEqualTo(photo);
  }

  @Test
  void letterboxAndPillarboxSurviveALowQualityJpeg() throws ImageDecodeException {
    RgbImage[] padded = {
      pad(photo, 0, 80, 0, 80, BLACK),
      pad(photo, 100, 0, 100, 0, WHITE),
      pad(otherPhoto, 13, 40, 27, 9, BLUE_PADDING)
    };
    Content[] truth = {
      new Content(0, 80, 512, 512),
      new Content(100, 0, 512, 512),
      new Content(13, 40, otherPhoto.width(), otherPhoto.height())
    };
    for (int i = 0; i < padded.length; i++) {
      RgbImage jpeg = ImageDecoder.withDefaults().decode(ImageFileWriter.jpeg(padded[i], 0.2f));

      Content found = trimmer.content(jpeg);

      assertThat(found.left()).as("left %d", i).isCloseTo(truth[i].left(), within());
      assertThat(found.top()).as("top %d", i).isCloseTo(truth[i].top(), within());
      assertThat(right(found)).as("right %d", i).isCloseTo(right(truth[i]), within());
      assertThat(bottom(found)).as("bottom %d", i).isCloseTo(bottom(truth[i]), within());
    }
  }

  @Test
  void anUnpaddedPhotoIsReturnedAsItIs() {
    assertThat(trimmer.trim(photo)).isSameAs(photo);
    RgbImage bridge = parityImage("bridge-mods/aaa-orig.jpg");
    assertThat(trimmer.trim(bridge)).isSameAs(bridge);
  }

  @Test
  void anImageOfOneColourIsReturnedAsItIs() throws ImageDecodeException {
    RgbImage flat = RgbImage.filled(300, 200, BLUE_PADDING);
    RgbImage noisyFlat = ImageDecoder.withDefaults().decode(ImageFileWriter.jpeg(flat, 0.1f));

    assertThat(trimmer.trim(flat)).isSameAs(flat);
    assertThat(trimmer.trim(noisyFlat)).isSameAs(noisyFlat);
    assertThat(trimmer.trim(RgbImage.filled(1, 1, BLACK))).isEqualTo(RgbImage.filled(1, 1, BLACK));
  }

  @Test
  void aThinLineOfContentInTheMarginStopsTheTrim() {
    RgbImage padded = pad(photo, 0, 30, 0, 0, WHITE);
    int[] px = padded.pixels();
    // a 2-pixel dark rule across 60% of the width, 10 pixels from the top edge
    for (int y = 10; y < 12; y++) {
      for (int x = 100; x < 100 + 307; x++) {
        px[y * padded.width() + x] = 0x202020;
      }
    }
    RgbImage ruled = RgbImage.of(padded.width(), padded.height(), px);

    assertThat(trimmer.content(ruled).top()).isEqualTo(10);
  }

  @Test
  void aFewSpecksInAMarginDoNotStopTheTrim() {
    RgbImage boxed = pad(photo, 0, 60, 0, 60, BLACK);
    int[] px = boxed.pixels();
    SplittableRandom random = new SplittableRandom(9);
    for (int y = 0; y < 60; y++) {
      for (int speck = 0; speck < 3; speck++) { // 3 of 512 pixels per line: under 1%
        px[y * 512 + random.nextInt(512)] = WHITE;
      }
    }
    RgbImage specked = RgbImage.of(512, boxed.height(), px);

    assertThat(trimmer.content(specked)).isEqualTo(new Content(0, 60, 512, 512));
  }

  @Test
  void marginsThatWouldLeaveTooLittleAreKept() {
    RgbImage logo = pad(RgbImage.filled(40, 40, BLACK), 180, 180, 180, 180, WHITE);

    assertThat(trimmer.trim(logo)).isSameAs(logo);
    BorderTrimmer lenient = new BorderTrimmer(new BorderTrimConfig(24, 0.01, 0.05));
    assertThat(lenient.trim(logo)).isEqualTo(RgbImage.filled(40, 40, BLACK));
  }

  @Test
  void theToleranceIsConfigurable() {
    RgbImage boxed = pad(photo, 0, 50, 0, 50, 0x303030);
    int[] px = boxed.pixels();
    for (int x = 0; x < 512; x += 2) {
      px[x] = 0x383838; // the outermost row alternates between two greys 8 levels apart
    }
    RgbImage noisy = RgbImage.of(512, boxed.height(), px);

    assertThat(trimmer.content(noisy).top()).isEqualTo(50);
    assertThat(new BorderTrimmer(new BorderTrimConfig(4, 0.01, 0.25)).content(noisy).top())
        .isZero();
  }

  @Test
  void invalidConfigsAreRejected() {
    assertThatThrownBy(() -> new BorderTrimConfig(-1, 0.01, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BorderTrimConfig(24, 0.6, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BorderTrimConfig(24, 0.01, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BorderTrimConfig(24, Double.NaN, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static org.assertj.core.data.Offset<Integer> within() {
    return org.assertj.core.data.Offset.offset(JPEG_SLACK_PIXELS);
  }

  private static int right(Content c) {
    return c.left() + c.width();
  }

  private static int bottom(Content c) {
    return c.top() + c.height();
  }

  /** {@code image} on a canvas of {@code rgb} with the given margins. */
  private static RgbImage pad(RgbImage image, int left, int top, int right, int bottom, int rgb) {
    int w = left + image.width() + right;
    int h = top + image.height() + bottom;
    int[] out = RgbImage.filled(w, h, rgb).pixels();
    int[] row = new int[image.width()];
    for (int y = 0; y < image.height(); y++) {
      image.copyRow(y, row, 0);
      System.arraycopy(row, 0, out, (top + y) * w + left, row.length);
    }
    return RgbImage.of(w, h, out);
  }

  private static RgbImage parityImage(String file) {
    try (InputStream in =
        BorderTrimmerTest.class.getResourceAsStream("/pdq-parity/images/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + file);
      }
      return RgbImage.fromBufferedImage(ImageIO.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(file, e);
    }
  }
}
