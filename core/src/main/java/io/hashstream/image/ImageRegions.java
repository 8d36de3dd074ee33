package io.hashstream.image;

import java.util.List;

/**
 * The regions of an image that are indexed as extra codes of it, so that a heavily cropped
 * re-upload still lands near one of them: the centre window and the four corner windows, each
 * {@code fraction} of each side. A crop of 40% of the area (63% of each side) at the centre or a
 * corner contains the matching 60% window almost exactly (overlap 0.9 of the crop), where it
 * overlaps the whole image by only 0.4.
 *
 * <p>Cost: five crops (array copies) of the image. Immutable; safe from any thread.
 *
 * @param fraction the share of each side a window keeps, in (0, 1]
 */
public record ImageRegions(double fraction) {
  /** Regions per image. */
  public static final int COUNT = 5;

  /** Checks the fraction. */
  public ImageRegions {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
    }
  }

  /**
   * Cuts the windows.
   *
   * @param image the image
   * @return {@link #COUNT} new images: centre, top-left, top-right, bottom-left, bottom-right
   */
  public List<RgbImage> of(RgbImage image) {
    int cw = Math.max(1, (int) Math.round(image.width() * fraction));
    int ch = Math.max(1, (int) Math.round(image.height() * fraction));
    int dx = image.width() - cw;
    int dy = image.height() - ch;
    return List.of(
        image.crop(dx / 2, dy / 2, cw, ch),
        image.crop(0, 0, cw, ch),
        image.crop(dx, 0, cw, ch),
        image.crop(0, dy, cw, ch),
        image.crop(dx, dy, cw, ch));
  }
}
