package io.hashstream.image;

/**
 * The parameters of {@link CrovcaAugmentation}, one field per knob of CroVCA's training transform
 * ({@code shared/research/crovca.md} §3.2). Immutable; validated on construction. {@link
 * #crovca(int)} gives the reference values.
 *
 * @param outputSize side of the square view, e.g. 224
 * @param cropScaleMin smallest crop area as a fraction of the image (0.4)
 * @param cropScaleMax largest crop area as a fraction of the image (1.0)
 * @param cropRatioMin smallest crop aspect ratio width/height (3/4)
 * @param cropRatioMax largest crop aspect ratio width/height (4/3)
 * @param flipProbability probability of a horizontal flip (0.5)
 * @param jitterProbability probability that colour jitter runs at all (0.8)
 * @param brightness brightness factor drawn from {@code [1 − b, 1 + b]} (0.4)
 * @param contrast contrast factor drawn from {@code [1 − c, 1 + c]} (0.4)
 * @param saturation saturation factor drawn from {@code [1 − s, 1 + s]} (0.4)
 * @param hue hue shift drawn from {@code [−h, h]} turns, at most 0.5 (0.2)
 * @param grayscaleProbability probability of converting to grey (0.2)
 * @param blurProbability probability of a Gaussian blur (0.1)
 * @param blurSigmaMin smallest blur sigma in pixels (0.1)
 * @param blurSigmaMax largest blur sigma in pixels (2.0)
 * @param solarizeProbability probability of solarizing (0.1)
 * @param solarizeThreshold channel values at or above it are inverted (128)
 */
public record AugmentationConfig(
    int outputSize,
    double cropScaleMin,
    double cropScaleMax,
    double cropRatioMin,
    double cropRatioMax,
    double flipProbability,
    double jitterProbability,
    double brightness,
    double contrast,
    double saturation,
    double hue,
    double grayscaleProbability,
    double blurProbability,
    double blurSigmaMin,
    double blurSigmaMax,
    double solarizeProbability,
    int solarizeThreshold) {

  /** Validates every field. */
  public AugmentationConfig {
    require(outputSize >= 1, "outputSize must be positive");
    require(
        0 < cropScaleMin && cropScaleMin <= cropScaleMax && cropScaleMax <= 1,
        "crop scale must satisfy 0 < min <= max <= 1");
    require(
        0 < cropRatioMin && cropRatioMin <= cropRatioMax, "crop ratio must satisfy 0 < min <= max");
    for (double p :
        new double[] {
          flipProbability,
          jitterProbability,
          grayscaleProbability,
          blurProbability,
          solarizeProbability
        }) {
      require(p >= 0 && p <= 1, "probabilities must be in [0, 1]");
    }
    require(brightness >= 0 && brightness <= 1, "brightness must be in [0, 1]");
    require(contrast >= 0 && contrast <= 1, "contrast must be in [0, 1]");
    require(saturation >= 0 && saturation <= 1, "saturation must be in [0, 1]");
    require(hue >= 0 && hue <= 0.5, "hue must be in [0, 0.5]");
    require(
        0 < blurSigmaMin && blurSigmaMin <= blurSigmaMax, "blur sigma must satisfy 0 < min <= max");
    require(
        solarizeThreshold >= 0 && solarizeThreshold <= 256,
        "solarize threshold must be in [0, 256]");
  }

  /**
   * CroVCA's training transform (crovca.md §3.2): RandomResizedCrop(size, scale 0.4–1, ratio
   * 3/4–4/3), flip 0.5, ColorJitter(0.4, 0.4, 0.4, 0.2) with p 0.8, grey 0.2, blur 0.1 with σ in
   * [0.1, 2], solarize 0.1 at 128.
   *
   * @param outputSize side of the square view, e.g. 224
   * @return the config
   */
  public static AugmentationConfig crovca(int outputSize) {
    return new AugmentationConfig(
        outputSize,
        0.4,
        1.0,
        3.0 / 4.0,
        4.0 / 3.0,
        0.5,
        0.8,
        0.4,
        0.4,
        0.4,
        0.2,
        0.2,
        0.1,
        0.1,
        2.0,
        0.1,
        128);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
