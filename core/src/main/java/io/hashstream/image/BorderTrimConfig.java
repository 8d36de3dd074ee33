package io.hashstream.image;

/**
 * How {@link BorderTrimmer} decides that a row or column is margin. Immutable; validated on
 * construction.
 *
 * @param channelTolerance the largest difference, per channel on the 0–255 scale, between a pixel
 *     and the border colour for the pixel to count as border; 0 to 255. The default of 12 absorbs
 *     JPEG noise on flat bars (bars re-encoded at JPEG quality 5 to 90 are still found, the cut
 *     landing within the 16-pixel block that holds the bar's edge), while a smooth but real
 *     background, such as the desk at the edge of the parity fixture's pen-and-coaster photo, is
 *     not taken for margin as it is at 24.
 * @param outlierFraction the fraction of a line's pixels that may exceed the tolerance with the
 *     line still counting as margin (specks, a watermark's stray pixel, JPEG ringing); 0 to 0.5.
 *     The default of 1% is far below what a line of real content crossing the margin covers.
 * @param minKeptFraction the smallest fraction of the width (and, separately, of the height) that
 *     trimming may leave; an axis whose margins would leave less is not trimmed at all; above 0, up
 *     to 1. The default of 0.25 still trims a 16:9 picture letterboxed into a 9:16 portrait frame
 *     (the picture is 32% of the frame's height), but refuses to reduce an image that is mostly one
 *     colour (a small logo on white, a nearly blank frame) to a sliver around a detail, which would
 *     make unrelated blank images hash alike by their specks.
 */
public record BorderTrimConfig(
    int channelTolerance, double outlierFraction, double minKeptFraction) {

  /** Default {@link #channelTolerance}. */
  public static final int DEFAULT_CHANNEL_TOLERANCE = 12;

  /** Default {@link #outlierFraction}. */
  public static final double DEFAULT_OUTLIER_FRACTION = 0.01;

  /** Default {@link #minKeptFraction}. */
  public static final double DEFAULT_MIN_KEPT_FRACTION = 0.25;

  /** Validates the ranges. */
  public BorderTrimConfig {
    if (channelTolerance < 0 || channelTolerance > 255) {
      throw new IllegalArgumentException(
          "channelTolerance must be in [0, 255]: " + channelTolerance);
    }
    if (!(outlierFraction >= 0 && outlierFraction <= 0.5)) {
      throw new IllegalArgumentException("outlierFraction must be in [0, 0.5]: " + outlierFraction);
    }
    if (!(minKeptFraction > 0 && minKeptFraction <= 1)) {
      throw new IllegalArgumentException("minKeptFraction must be in (0, 1]: " + minKeptFraction);
    }
  }

  /**
   * The defaults.
   *
   * @return tolerance 12, 1% outliers, at least 25% of each axis kept
   */
  public static BorderTrimConfig defaults() {
    return new BorderTrimConfig(
        DEFAULT_CHANNEL_TOLERANCE, DEFAULT_OUTLIER_FRACTION, DEFAULT_MIN_KEPT_FRACTION);
  }
}
