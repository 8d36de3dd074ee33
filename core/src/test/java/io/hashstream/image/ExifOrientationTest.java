package io.hashstream.image;

import static io.hashstream.image.ImageFixtures.BLUE;
import static io.hashstream.image.ImageFixtures.GREEN;
import static io.hashstream.image.ImageFixtures.RED;
import static io.hashstream.image.ImageFixtures.YELLOW;
import static io.hashstream.image.ImageFixtures.channelDistance;
import static io.hashstream.image.ImageFixtures.encode;
import static io.hashstream.image.ImageFixtures.quadrants;
import static io.hashstream.image.ImageFixtures.tiffWithOrientation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each EXIF orientation: an upright quadrant image is stored turned the way a camera would store it
 * (by an oracle written here with plain coordinate formulas), tagged, encoded, and must decode
 * upright again.
 */
class ExifOrientationTest {
  private static final int W = 64;
  private static final int H = 32;

  private final ImageDecoder decoder = ImageDecoder.withDefaults();
  private final RgbImage upright = quadrants(W, H);

  @ParameterizedTest
  @EnumSource(ExifOrientation.class)
  void applyTurnsTheStoredImageUpright(ExifOrientation orientation) {
    assertThat(orientation.apply(stored(upright, orientation))).isEqualTo(upright);
  }

  static Stream<Arguments> orientationsInBothByteOrders() {
    return Stream.of(ExifOrientation.values())
        .flatMap(o -> Stream.of(Arguments.of(o, false), Arguments.of(o, true)));
  }

  @ParameterizedTest(name = "{0}, little-endian {1}")
  @MethodSource("orientationsInBothByteOrders")
  void jpegExifIsApplied(ExifOrientation orientation, boolean littleEndian) throws Exception {
    byte[] jpeg = ImageFileWriter.jpeg(stored(upright, orientation), 0.95f);
    byte[] tagged =
        ImageFixtures.withJpegExif(jpeg, tiffWithOrientation(orientation.tagValue(), littleEndian));

    assertUpright(decoder.decode(tagged));
  }

  @ParameterizedTest
  @EnumSource(ExifOrientation.class)
  void pngExifChunkIsApplied(ExifOrientation orientation) throws Exception {
    byte[] png = encode(stored(upright, orientation).toBufferedImage(), "png");
    byte[] tagged =
        ImageFixtures.withPngExif(png, tiffWithOrientation(orientation.tagValue(), false));

    assertThat(decoder.decode(tagged)).isEqualTo(upright);
  }

  @Test
  void webpExifChunkIsApplied() throws Exception {
    // 24×40 stored, orientation 6: a 40×24 quadrant image upright (see SOURCES.md).
    RgbImage decoded = decoder.decode(ImageFixtures.resource("/image/orientation6.webp"));

    assertThat(decoded.width()).isEqualTo(40);
    assertThat(decoded.height()).isEqualTo(24);
    assertThat(channelDistance(decoded.rgb(5, 3), RED)).isLessThan(40);
    assertThat(channelDistance(decoded.rgb(34, 3), GREEN)).isLessThan(40);
    assertThat(channelDistance(decoded.rgb(5, 20), BLUE)).isLessThan(40);
    assertThat(channelDistance(decoded.rgb(34, 20), YELLOW)).isLessThan(40);
  }

  @Test
  void unknownOrDamagedTagsMeanUpright() {
    byte[] jpeg = ImageFileWriter.jpeg(upright, 0.9f);
    byte[] tiff = tiffWithOrientation(9, false);
    assertThat(ExifOrientation.read(ImageFixtures.withJpegExif(jpeg, tiff), ImageFormat.JPEG))
        .isEqualTo(ExifOrientation.NORMAL);

    byte[] badIfdOffset = tiffWithOrientation(6, false);
    badIfdOffset[7] = (byte) 0xF0;
    assertThat(
            ExifOrientation.read(ImageFixtures.withJpegExif(jpeg, badIfdOffset), ImageFormat.JPEG))
        .isEqualTo(ExifOrientation.NORMAL);

    byte[] tagged = ImageFixtures.withJpegExif(jpeg, tiffWithOrientation(6, false));
    byte[] cutInsideExif = java.util.Arrays.copyOf(tagged, 40);
    assertThat(ExifOrientation.read(cutInsideExif, ImageFormat.JPEG))
        .isEqualTo(ExifOrientation.NORMAL);
    assertThat(ExifOrientation.read(jpeg, ImageFormat.JPEG)).isEqualTo(ExifOrientation.NORMAL);
  }

  private void assertUpright(RgbImage decoded) {
    assertThat(decoded.width()).isEqualTo(W);
    assertThat(decoded.height()).isEqualTo(H);
    assertThat(ImageFixtures.meanAbsoluteDifference(decoded, upright)).isLessThan(4.0);
    assertThat(channelDistance(decoded.rgb(8, 8), RED)).isLessThan(16);
    assertThat(channelDistance(decoded.rgb(W - 8, 8), GREEN)).isLessThan(16);
    assertThat(channelDistance(decoded.rgb(8, H - 8), BLUE)).isLessThan(16);
    assertThat(channelDistance(decoded.rgb(W - 8, H - 8), YELLOW)).isLessThan(16);
  }

  /**
   * How a camera stores an upright image under each tag: the inverse of the correction. Written as
   * "stored pixel (x, y) shows upright pixel (ux, uy)", independently of ExifOrientation.
   */
  private static RgbImage stored(RgbImage up, ExifOrientation orientation) {
    int w = up.width();
    int h = up.height();
    boolean swap = orientation.tagValue() >= 5;
    int sw = swap ? h : w;
    int sh = swap ? w : h;
    int[] px = new int[sw * sh];
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < sw; x++) {
        int ux;
        int uy;
        switch (orientation.tagValue()) {
          case 1 -> {
            ux = x;
            uy = y;
          }
          case 2 -> { // stored mirrored
            ux = w - 1 - x;
            uy = y;
          }
          case 3 -> { // stored upside down
            ux = w - 1 - x;
            uy = h - 1 - y;
          }
          case 4 -> { // stored flipped vertically
            ux = x;
            uy = h - 1 - y;
          }
          case 5 -> { // stored transposed
            ux = y;
            uy = x;
          }
          case 6 -> { // stored rotated 90° counter-clockwise; display rotates it clockwise
            ux = w - 1 - y;
            uy = x;
          }
          case 7 -> { // stored transversed
            ux = w - 1 - y;
            uy = h - 1 - x;
          }
          default -> { // 8: stored rotated 90° clockwise
            ux = y;
            uy = h - 1 - x;
          }
        }
        px[y * sw + x] = up.rgb(ux, uy);
      }
    }
    return RgbImage.of(sw, sh, px);
  }
}
