package io.hashstream.image;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code ColorJitter}: brightness, contrast and saturation factors drawn uniformly
 * from {@code [1 − x, 1 + x]} and a hue shift from {@code [−h, h]}, applied in a random order
 * through {@link ColorAdjustments}. A zero parameter skips its operation.
 *
 * <p>Draws, in this order: a permutation of the four operations (3 draws), then the brightness,
 * contrast, saturation and hue values (one draw each, for the non-zero parameters). Cost: up to
 * four passes over the pixels. Immutable.
 */
public final class ColorJitter {
  private final double brightness;
  private final double contrast;
  private final double saturation;
  private final double hue;

  /**
   * Creates the transform.
   *
   * @param brightness in [0, 1]
   * @param contrast in [0, 1]
   * @param saturation in [0, 1]
   * @param hue in [0, 0.5]
   */
  public ColorJitter(double brightness, double contrast, double saturation, double hue) {
    if (!(brightness >= 0 && brightness <= 1)
        || !(contrast >= 0 && contrast <= 1)
        || !(saturation >= 0 && saturation <= 1)
        || !(hue >= 0 && hue <= 0.5)) {
      throw new IllegalArgumentException("jitter parameters out of range");
    }
    this.brightness = brightness;
    this.contrast = contrast;
    this.saturation = saturation;
    this.hue = hue;
  }

  /**
   * Jitters an image.
   *
   * @param image the image
   * @param random the source of randomness
   * @return a new image (or {@code image} if every parameter is 0)
   */
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    int[] order = {0, 1, 2, 3};
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    double b =
        brightness > 0 ? RandomResizedCrop.uniform(random, 1 - brightness, 1 + brightness) : 1;
    double c = contrast > 0 ? RandomResizedCrop.uniform(random, 1 - contrast, 1 + contrast) : 1;
    double s =
        saturation > 0 ? RandomResizedCrop.uniform(random, 1 - saturation, 1 + saturation) : 1;
    double h = hue > 0 ? RandomResizedCrop.uniform(random, -hue, hue) : 0;
    RgbImage out = image;
    for (int op : order) {
      out =
          switch (op) {
            case 0 -> brightness > 0 ? ColorAdjustments.brightness(out, b) : out;
            case 1 -> contrast > 0 ? ColorAdjustments.contrast(out, c) : out;
            case 2 -> saturation > 0 ? ColorAdjustments.saturation(out, s) : out;
            default -> hue > 0 ? ColorAdjustments.hue(out, h) : out;
          };
    }
    return out;
  }
}
