package io.hashstream.image;

/**
 * A true separable Gaussian blur, kernel radius {@code ceil(3σ)}; at the borders the kernel is cut
 * off and renormalised. (PIL's {@code GaussianBlur(radius=σ)}, which CroVCA's reference code calls,
 * approximates the same Gaussian with three box blurs and extends the border pixels; the two agree
 * to a few levels away from the borders.)
 *
 * <p>Cost: {@code 2 · (2·ceil(3σ) + 1)} multiply-adds per channel and pixel; σ = 2 on 224×224 takes
 * about 2 ms. Allocates 3 floats per pixel and the output. Stateless.
 */
public final class GaussianBlur {

  private GaussianBlur() {}

  /**
   * Blurs an image.
   *
   * @param image the image
   * @param sigma standard deviation in pixels, positive; below 0.05 the image is returned as is
   * @return a new image, or {@code image} for a negligible sigma
   */
  public static RgbImage apply(RgbImage image, double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("sigma must be positive: " + sigma);
    }
    if (sigma < 0.05) {
      return image;
    }
    return SeparableFilter.apply(
        image, gaussian(image.width(), sigma), gaussian(image.height(), sigma));
  }

  private static SeparableFilter.Taps gaussian(int size, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    for (int k = -radius; k <= radius; k++) {
      kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
    }
    SeparableFilter.Taps taps = new SeparableFilter.Taps(size, kernel.length);
    double[] w = new double[kernel.length];
    for (int i = 0; i < size; i++) {
      int from = Math.max(0, i - radius);
      int to = Math.min(size - 1, i + radius);
      for (int s = from; s <= to; s++) {
        w[s - from] = kernel[s - i + radius];
      }
      taps.set(i, from, w, to - from + 1);
    }
    return taps;
  }
}
