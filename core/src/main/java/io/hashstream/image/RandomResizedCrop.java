package io.hashstream.image;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomResizedCrop}: draws a rectangle whose area is a uniform fraction of
 * the image in {@code [scaleMin, scaleMax]} and whose aspect ratio is log-uniform in {@code
 * [ratioMin, ratioMax]}, placed uniformly; after 10 failed draws it falls back to the largest
 * centred crop within the ratio range. The rectangle is then resized with {@link BilinearResampler}
 * to a square.
 *
 * <p>Randomness comes only from the generator passed in, so the same seed gives the same crop.
 * Cost: the resize of the crop (about 3 ms for a megapixel source to 224×224). Immutable.
 */
public final class RandomResizedCrop {
  private static final int ATTEMPTS = 10;

  private final double scaleMin;
  private final double scaleMax;
  private final double logRatioMin;
  private final double logRatioMax;
  private final double ratioMin;
  private final double ratioMax;

  /**
   * Creates the transform.
   *
   * @param scaleMin smallest area fraction, in (0, 1]
   * @param scaleMax largest area fraction, in [scaleMin, 1]
   * @param ratioMin smallest width/height ratio, positive
   * @param ratioMax largest width/height ratio, at least ratioMin
   */
  public RandomResizedCrop(double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
    if (!(0 < scaleMin && scaleMin <= scaleMax && scaleMax <= 1)
        || !(0 < ratioMin && ratioMin <= ratioMax)) {
      throw new IllegalArgumentException(
          "need 0 < scaleMin <= scaleMax <= 1, 0 < ratioMin <= ratioMax");
    }
    this.scaleMin = scaleMin;
    this.scaleMax = scaleMax;
    this.ratioMin = ratioMin;
    this.ratioMax = ratioMax;
    this.logRatioMin = Math.log(ratioMin);
    this.logRatioMax = Math.log(ratioMax);
  }

  /**
   * A crop rectangle in pixels.
   *
   * @param left first column
   * @param top first row
   * @param width width, at least 1
   * @param height height, at least 1
   */
  public record Rectangle(int left, int top, int width, int height) {}

  /**
   * Draws a rectangle for an image of the given size.
   *
   * @param imageWidth image width
   * @param imageHeight image height
   * @param random the source of randomness
   * @return a rectangle inside the image
   */
  public Rectangle sample(int imageWidth, int imageHeight, RandomGenerator random) {
    double area = (double) imageWidth * imageHeight;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double targetArea = area * uniform(random, scaleMin, scaleMax);
      double ratio = Math.exp(uniform(random, logRatioMin, logRatioMax));
      int w = (int) Math.rint(Math.sqrt(targetArea * ratio));
      int h = (int) Math.rint(Math.sqrt(targetArea / ratio));
      if (w > 0 && h > 0 && w <= imageWidth && h <= imageHeight) {
        int top = random.nextInt(imageHeight - h + 1);
        int left = random.nextInt(imageWidth - w + 1);
        return new Rectangle(left, top, w, h);
      }
    }
    double inRatio = (double) imageWidth / imageHeight;
    int w = imageWidth;
    int h = imageHeight;
    if (inRatio < ratioMin) {
      h = Math.max(1, (int) Math.rint(w / ratioMin));
    } else if (inRatio > ratioMax) {
      w = Math.max(1, (int) Math.rint(h * ratioMax));
    }
    return new Rectangle((imageWidth - w) / 2, (imageHeight - h) / 2, w, h);
  }

  /**
   * Draws a rectangle and resizes it to {@code size × size}.
   *
   * @param image the source image
   * @param size side of the output
   * @param random the source of randomness
   * @return a new image
   */
  public RgbImage apply(RgbImage image, int size, RandomGenerator random) {
    Rectangle r = sample(image.width(), image.height(), random);
    return BilinearResampler.resizeRegion(
        image, r.left(), r.top(), r.left() + r.width(), r.top() + r.height(), size, size);
  }

  /** {@code [min, max)}, or {@code min} when the range is empty. */
  static double uniform(RandomGenerator random, double min, double max) {
    return min == max ? min : min + (max - min) * random.nextDouble();
  }
}
