package io.hashstream.image;

/**
 * Resizes an image, or a rectangle of it, with PIL's bilinear filter: a triangle kernel whose
 * support widens by the downscale factor, so downscaling <b>antialiases</b> (every source pixel
 * under the footprint contributes) instead of sampling four neighbours and aliasing. This is what
 * {@code PIL.Image.resize(..., BILINEAR)} and torchvision's {@code Resize(antialias=True)} do, so
 * images fed to a model here look like the ones the model was trained and evaluated on. Upscaling
 * is ordinary bilinear interpolation. Pixel centres sit at half-integers; at the borders the kernel
 * is cut off and renormalised (no padding colour bleeds in).
 *
 * <p>The filter runs as a {@link SeparableFilter}: intermediate values stay in float and are
 * rounded to 8 bits once at the end (PIL rounds after each pass; the two differ by at most one
 * level).
 *
 * <p>Cost: {@code O(rows · outWidth · tapsX + outHeight · outWidth · tapsY)} with {@code taps ≈ 2 ·
 * max(1, scale) + 1}, where {@code rows} are the source rows under the output; 1000×700 to a
 * 224×224 crop takes 2–5 ms on one core. Allocates the output and {@code 3 · rows · outWidth}
 * floats. Stateless.
 */
public final class BilinearResampler {

  private BilinearResampler() {}

  /**
   * Resizes the whole image.
   *
   * @param image the source
   * @param outWidth output width, at least 1
   * @param outHeight output height, at least 1
   * @return a new image
   */
  public static RgbImage resize(RgbImage image, int outWidth, int outHeight) {
    return resizeRegion(image, 0, 0, image.width(), image.height(), outWidth, outHeight);
  }

  /**
   * Resizes the rectangle {@code [left, right) × [top, bottom)} of the image, given in source pixel
   * coordinates (fractions allowed), to {@code outWidth × outHeight}. Equivalent to resizing the
   * whole image by the same scale and cropping, without computing the pixels thrown away.
   *
   * @param image the source
   * @param left left edge, {@code 0 <= left < right <= width}
   * @param top top edge, {@code 0 <= top < bottom <= height}
   * @param right right edge
   * @param bottom bottom edge
   * @param outWidth output width, at least 1
   * @param outHeight output height, at least 1
   * @return a new image
   */
  public static RgbImage resizeRegion(
      RgbImage image,
      double left,
      double top,
      double right,
      double bottom,
      int outWidth,
      int outHeight) {
    if (!(left >= 0 && left < right && right <= image.width())
        || !(top >= 0 && top < bottom && bottom <= image.height())) {
      throw new IllegalArgumentException(
          "region [" + left + ", " + right + ") x [" + top + ", " + bottom + ") outside " + image);
    }
    if (outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException("output size must be positive");
    }
    return SeparableFilter.apply(
        image,
        triangle(image.width(), left, right, outWidth),
        triangle(image.height(), top, bottom, outHeight));
  }

  /** PIL's {@code precompute_coeffs} for the bilinear (triangle, support 1) filter. */
  private static SeparableFilter.Taps triangle(int inSize, double in0, double in1, int outSize) {
    double scale = (in1 - in0) / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale;
    int maxTaps = (int) Math.ceil(support) * 2 + 1;
    SeparableFilter.Taps taps = new SeparableFilter.Taps(outSize, maxTaps);
    double[] w = new double[maxTaps];
    for (int i = 0; i < outSize; i++) {
      double center = in0 + (i + 0.5) * scale;
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize);
      int n = Math.min(Math.max(max - min, 1), maxTaps);
      min = Math.min(min, inSize - n);
      for (int t = 0; t < n; t++) {
        double d = Math.abs((t + min - center + 0.5) / filterScale);
        w[t] = d < 1 ? 1 - d : 0;
      }
      taps.set(i, min, w, n);
    }
    return taps;
  }
}
