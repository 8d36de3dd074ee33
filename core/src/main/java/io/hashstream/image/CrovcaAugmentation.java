package io.hashstream.image;

import java.util.random.RandomGenerator;

/**
 * CroVCA's training view ({@code shared/research/crovca.md} §3.2), applied in the reference order:
 *
 * <ol>
 *   <li>{@link RandomResizedCrop} to {@code outputSize²} (scale 0.4–1, ratio 3/4–4/3);
 *   <li>horizontal flip with p 0.5;
 *   <li>{@link ColorJitter}(0.4, 0.4, 0.4, 0.2) with p 0.8;
 *   <li>grey ({@link ColorAdjustments#grayscale}) with p 0.2;
 *   <li>{@link GaussianBlur} with p 0.1, σ uniform in [0.1, 2];
 *   <li>{@link ColorAdjustments#solarize} at 128 with p 0.1.
 * </ol>
 *
 * The float conversion (the reference's {@code ToTensor} and ImageNet normalisation) is left to an
 * {@link ImageTensorWriter}, because the normalisation belongs to the encoder: the bundled encoder
 * wants {@link ChannelNormalization#NONE}.
 *
 * <p><b>Determinism.</b> Every random choice comes from the {@link RandomGenerator} passed in, in a
 * fixed order (crop, flip, jitter gate and jitter values, grey, blur gate and σ, solarize gate), so
 * the same generator state gives a bit-identical view. Two views of one image are drawn by two
 * calls, or by two generators split from one seed.
 *
 * <p><b>Cost.</b> The resize (about 3 ms from a megapixel) plus up to six passes over the 224×224
 * view (1–3 ms); allocates a few view-sized arrays. Immutable; share one instance, but not one
 * generator, between threads.
 */
public final class CrovcaAugmentation {
  private final AugmentationConfig config;
  private final RandomResizedCrop crop;
  private final ColorJitter jitter;

  /**
   * Creates the augmentation.
   *
   * @param config the parameters, e.g. {@link AugmentationConfig#crovca(int)}
   */
  public CrovcaAugmentation(AugmentationConfig config) {
    this.config = config;
    this.crop =
        new RandomResizedCrop(
            config.cropScaleMin(),
            config.cropScaleMax(),
            config.cropRatioMin(),
            config.cropRatioMax());
    this.jitter =
        new ColorJitter(config.brightness(), config.contrast(), config.saturation(), config.hue());
  }

  /**
   * The parameters.
   *
   * @return the config
   */
  public AugmentationConfig config() {
    return config;
  }

  /**
   * Draws one augmented view.
   *
   * @param image the decoded image
   * @param random the source of randomness; advanced by this call
   * @return a new {@code outputSize × outputSize} image
   */
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    RgbImage view = crop.apply(image, config.outputSize(), random);
    if (happens(config.flipProbability(), random)) {
      view = view.flippedHorizontally();
    }
    if (happens(config.jitterProbability(), random)) {
      view = jitter.apply(view, random);
    }
    if (happens(config.grayscaleProbability(), random)) {
      view = ColorAdjustments.grayscale(view);
    }
    if (happens(config.blurProbability(), random)) {
      double sigma =
          RandomResizedCrop.uniform(random, config.blurSigmaMin(), config.blurSigmaMax());
      view = GaussianBlur.apply(view, sigma);
    }
    if (happens(config.solarizeProbability(), random)) {
      view = ColorAdjustments.solarize(view, config.solarizeThreshold());
    }
    return view;
  }

  private static boolean happens(double probability, RandomGenerator random) {
    return random.nextDouble() < probability;
  }
}
