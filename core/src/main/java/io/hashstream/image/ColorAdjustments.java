package io.hashstream.image;

/**
 * Per-pixel colour operations with the semantics of PIL's {@code ImageEnhance} and {@code ImageOps}
 * (which torchvision's {@code ColorJitter}, {@code RandomGrayscale} and {@code Solarize} call on
 * PIL images): each enhancement blends the image with a degenerate image by a factor, then clips to
 * [0, 255]. Results are rounded to nearest where PIL truncates, so values can differ from PIL's by
 * one level.
 *
 * <p>Every operation is one pass over the pixels and returns a new image (about 1 ms for 224×224).
 * Stateless.
 */
public final class ColorAdjustments {

  private ColorAdjustments() {}

  /**
   * PIL's {@code "L"} conversion: {@code (19595 R + 38470 G + 7471 B + 2^15) >> 16}, i.e. {@code
   * 0.299 R + 0.587 G + 0.114 B} rounded.
   *
   * @param rgb a pixel {@code 0xRRGGBB}
   * @return its luma, 0..255
   */
  public static int luma(int rgb) {
    return (19595 * ((rgb >> 16) & 0xFF)
            + 38470 * ((rgb >> 8) & 0xFF)
            + 7471 * (rgb & 0xFF)
            + 0x8000)
        >> 16;
  }

  /**
   * Replaces each pixel by its {@link #luma(int)} on all three channels.
   *
   * @param image the image
   * @return a new grey image
   */
  public static RgbImage grayscale(RgbImage image) {
    int[] src = image.data();
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      int l = luma(src[i]);
      out[i] = l << 16 | l << 8 | l;
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  /**
   * Brightness: blends with black, {@code c · factor}.
   *
   * @param image the image
   * @param factor 0 gives black, 1 the original
   * @return a new image
   */
  public static RgbImage brightness(RgbImage image, double factor) {
    return blendWithConstant(image, 0, factor);
  }

  /**
   * Contrast: blends with the mean luma (rounded, as PIL does), {@code m + factor · (c − m)}.
   *
   * @param image the image
   * @param factor 0 gives flat grey, 1 the original
   * @return a new image
   */
  public static RgbImage contrast(RgbImage image, double factor) {
    long sum = 0;
    for (int p : image.data()) {
      sum += luma(p);
    }
    int mean = (int) (sum / (double) image.data().length + 0.5);
    return blendWithConstant(image, mean, factor);
  }

  /**
   * Saturation: blends each pixel with its own luma, {@code l + factor · (c − l)}.
   *
   * @param image the image
   * @param factor 0 gives grey, 1 the original
   * @return a new image
   */
  public static RgbImage saturation(RgbImage image, double factor) {
    int[] src = image.data();
    int[] out = new int[src.length];
    float f = (float) factor;
    for (int i = 0; i < src.length; i++) {
      int p = src[i];
      int l = luma(p);
      out[i] =
          RgbImage.pack(
              blend(l, (p >> 16) & 0xFF, f), blend(l, (p >> 8) & 0xFF, f), blend(l, p & 0xFF, f));
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  /**
   * Hue: rotates the hue of every pixel in HSV space; saturation and value are kept.
   *
   * @param image the image
   * @param shift fraction of a full turn, in [−0.5, 0.5]
   * @return a new image
   */
  public static RgbImage hue(RgbImage image, double shift) {
    if (!(shift >= -0.5 && shift <= 0.5)) {
      throw new IllegalArgumentException("hue shift must be in [-0.5, 0.5]: " + shift);
    }
    int[] src = image.data();
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      out[i] = rotateHue(src[i], shift);
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  /**
   * PIL's {@code ImageOps.solarize}: inverts every channel value at or above the threshold.
   *
   * @param image the image
   * @param threshold 0..256; 128 is PIL's default
   * @return a new image
   */
  public static RgbImage solarize(RgbImage image, int threshold) {
    int[] lut = new int[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = v >= threshold ? 255 - v : v;
    }
    return mapChannels(image, lut);
  }

  private static RgbImage blendWithConstant(RgbImage image, int constant, double factor) {
    if (!(factor >= 0)) {
      throw new IllegalArgumentException("factor must be non-negative: " + factor);
    }
    int[] lut = new int[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = blend(constant, v, (float) factor);
    }
    return mapChannels(image, lut);
  }

  private static RgbImage mapChannels(RgbImage image, int[] lut) {
    int[] src = image.data();
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      int p = src[i];
      out[i] = RgbImage.pack(lut[(p >> 16) & 0xFF], lut[(p >> 8) & 0xFF], lut[p & 0xFF]);
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  /** {@code base + factor · (value − base)}, rounded and clipped. */
  private static int blend(int base, int value, float factor) {
    return RgbImage.clampToByte(base + factor * (value - base));
  }

  private static int rotateHue(int p, double shift) {
    int r = (p >> 16) & 0xFF;
    int g = (p >> 8) & 0xFF;
    int b = p & 0xFF;
    int max = Math.max(r, Math.max(g, b));
    int min = Math.min(r, Math.min(g, b));
    if (max == min) {
      return p; // grey: no hue to rotate
    }
    float delta = max - min;
    float h;
    if (max == r) {
      h = (g - b) / delta;
    } else if (max == g) {
      h = 2 + (b - r) / delta;
    } else {
      h = 4 + (r - g) / delta;
    }
    h = h / 6 + (float) shift;
    h -= (float) Math.floor(h);
    // Back to RGB with the same value (max) and chroma (max − min): channel n ∈ {5, 3, 1} is
    // max − chroma · clamp(min(k, 4 − k), 0, 1) with k = (n + 6h) mod 6.
    float sector = h * 6;
    return RgbImage.pack(
        hueChannel(5, sector, max, delta),
        hueChannel(3, sector, max, delta),
        hueChannel(1, sector, max, delta));
  }

  private static int hueChannel(int n, float sector, int max, float chroma) {
    float k = (n + sector) % 6;
    float ramp = Math.max(0, Math.min(1, Math.min(k, 4 - k)));
    return RgbImage.clampToByte(max - chroma * ramp);
  }
}
