package io.hashstream.image;

/**
 * A separable linear filter over the three channels: a horizontal pass over only the source rows
 * the output needs, kept in float, then a vertical pass, rounded to 8 bits once. Each axis is a
 * {@link Taps} table, which is how both resizing ({@link BilinearResampler}) and blurring ({@link
 * GaussianBlur}) are expressed.
 *
 * <p>Cost: {@code rows · outWidth · tapsX + outHeight · outWidth · tapsY} multiply-adds per
 * channel; allocates {@code 3 · rows · outWidth} floats and the output. Stateless.
 */
final class SeparableFilter {

  private SeparableFilter() {}

  /**
   * The taps of one axis: output index {@code i} is the weighted sum of source indices {@code
   * first(i) .. first(i) + count(i) − 1}. Weights are normalised to sum to 1 when set.
   */
  static final class Taps {
    private final int[] first;
    private final int[] count;
    private final int stride;
    private final float[] weights;

    /**
     * Empty taps.
     *
     * @param outSize number of outputs
     * @param maxTaps the most taps one output uses
     */
    Taps(int outSize, int maxTaps) {
      this.first = new int[outSize];
      this.count = new int[outSize];
      this.stride = maxTaps;
      this.weights = new float[outSize * maxTaps];
    }

    /**
     * Sets output {@code i} to {@code n} taps from source index {@code from}, normalising the
     * weights; all-zero weights select the first tap alone.
     */
    void set(int i, int from, double[] w, int n) {
      double sum = 0;
      for (int t = 0; t < n; t++) {
        sum += w[t];
      }
      first[i] = from;
      count[i] = n;
      for (int t = 0; t < n; t++) {
        weights[i * stride + t] = (float) (sum > 0 ? w[t] / sum : (t == 0 ? 1 : 0));
      }
    }

    int size() {
      return first.length;
    }
  }

  /** Filters {@code image} to {@code xs.size() × ys.size()}. */
  static RgbImage apply(RgbImage image, Taps xs, Taps ys) {
    int outWidth = xs.size();
    int outHeight = ys.size();
    int firstRow = Integer.MAX_VALUE;
    int endRow = 0;
    for (int y = 0; y < outHeight; y++) {
      firstRow = Math.min(firstRow, ys.first[y]);
      endRow = Math.max(endRow, ys.first[y] + ys.count[y]);
    }
    int rows = endRow - firstRow;

    int[] src = image.data();
    int srcWidth = image.width();
    float[] red = new float[rows * outWidth];
    float[] green = new float[rows * outWidth];
    float[] blue = new float[rows * outWidth];
    for (int r = 0; r < rows; r++) {
      int rowStart = (firstRow + r) * srcWidth;
      int o = r * outWidth;
      for (int x = 0; x < outWidth; x++) {
        int s = rowStart + xs.first[x];
        int k = x * xs.stride;
        float sr = 0;
        float sg = 0;
        float sb = 0;
        for (int t = xs.count[x]; t > 0; t--, s++, k++) {
          float weight = xs.weights[k];
          int p = src[s];
          sr += weight * ((p >> 16) & 0xFF);
          sg += weight * ((p >> 8) & 0xFF);
          sb += weight * (p & 0xFF);
        }
        red[o + x] = sr;
        green[o + x] = sg;
        blue[o + x] = sb;
      }
    }

    int[] out = new int[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      int base = (ys.first[y] - firstRow) * outWidth;
      int count = ys.count[y];
      int k0 = y * ys.stride;
      int o = y * outWidth;
      for (int x = 0; x < outWidth; x++) {
        float sr = 0;
        float sg = 0;
        float sb = 0;
        for (int t = 0, i = base + x; t < count; t++, i += outWidth) {
          float weight = ys.weights[k0 + t];
          sr += weight * red[i];
          sg += weight * green[i];
          sb += weight * blue[i];
        }
        out[o + x] =
            RgbImage.pack(
                RgbImage.clampToByte(sr), RgbImage.clampToByte(sg), RgbImage.clampToByte(sb));
      }
    }
    return new RgbImage(outWidth, outHeight, out);
  }
}
