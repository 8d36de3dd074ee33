package io.hashstream.trainer.baseline;

import io.hashstream.image.BilinearResampler;
import io.hashstream.image.RgbImage;
import java.util.Arrays;

/**
 * The two classic 64-bit perceptual hashes, written here after the definitions of Python's {@code
 * imagehash} 4.x (hash size 8), for copy-detection comparisons. Bits are packed first bit most
 * significant, as {@link io.hashstream.code.CodeLength#BITS_64} codes are, so {@link
 * io.hashstream.code.Hamming} compares them.
 *
 * <p>Why not JImageHash: {@code dev.brachtendorf:JImageHash:1.0.0} resolves from Maven Central
 * (MIT), but its hashing path builds a {@code javafx.scene.image.Image} (in {@code
 * HashingAlgorithm.createPixelAccessor}), so it needs JavaFX on the classpath at run time, which
 * this project does not ship.
 *
 * <p>Both convert to luminance ({@code 0.299 R + 0.587 G + 0.114 B}, as PIL's mode {@code L}) and
 * shrink with the antialiased bilinear {@link BilinearResampler} (imagehash uses PIL's Lanczos, so
 * bits can differ from imagehash's on the same file). Stateless; cost: one resize plus, for pHash,
 * a 32×32 DCT (about 65k multiply-adds).
 */
public enum PerceptualHash {
  /**
   * pHash: 32×32 luminance, 2-D DCT-II, the 8×8 lowest frequencies (DC included), bit = coefficient
   * above their median.
   */
  PHASH {
    @Override
    public long hash(RgbImage image) {
      double[][] grey = luminance(BilinearResampler.resize(image, 32, 32));
      double[][] dct = dct2(grey);
      double[] low = new double[64];
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          low[y * 8 + x] = dct[y][x];
        }
      }
      double[] sorted = low.clone();
      Arrays.sort(sorted);
      double median = (sorted[31] + sorted[32]) / 2;
      long code = 0;
      for (double v : low) {
        code = (code << 1) | (v > median ? 1L : 0L);
      }
      return code;
    }
  },
  /** dHash: 9×8 luminance, bit = the right neighbour is brighter, row by row. */
  DHASH {
    @Override
    public long hash(RgbImage image) {
      double[][] grey = luminance(BilinearResampler.resize(image, 9, 8));
      long code = 0;
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          code = (code << 1) | (grey[y][x + 1] > grey[y][x] ? 1L : 0L);
        }
      }
      return code;
    }
  };

  /**
   * Hashes an image.
   *
   * @param image the image; not modified
   * @return the 64-bit code
   */
  public abstract long hash(RgbImage image);

  /** Rows of PIL-mode-L luminance, unrounded. */
  static double[][] luminance(RgbImage image) {
    double[][] out = new double[image.height()][image.width()];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int p = image.rgb(x, y);
        out[y][x] = 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
      }
    }
    return out;
  }

  /** Unnormalised 2-D DCT-II of a square matrix (as scipy.fftpack.dct along both axes). */
  static double[][] dct2(double[][] m) {
    int n = m.length;
    double[][] basis = new double[n][n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        basis[k][i] = 2 * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
      }
    }
    double[][] rows = new double[n][n]; // DCT along x
    for (int y = 0; y < n; y++) {
      for (int k = 0; k < n; k++) {
        rows[y][k] = Matrices.dot(basis[k], m[y]);
      }
    }
    double[][] out = new double[n][n]; // then along y
    for (int k = 0; k < n; k++) {
      for (int x = 0; x < n; x++) {
        double s = 0;
        for (int y = 0; y < n; y++) {
          s += basis[k][y] * rows[y][x];
        }
        out[k][x] = s;
      }
    }
    return out;
  }
}
