package io.hashstream.image;

import java.util.Arrays;

/**
 * How 8-bit channel values become model inputs: {@code (v / 255 − mean[c]) / std[c]}. {@link #NONE}
 * ({@code v / 255}, in [0, 1]) is what the bundled encoder expects; {@link #IMAGENET} is what
 * CroVCA's reference code and most ViT/DINOv2/CLIP TorchScript exports expect. Immutable.
 */
public final class ChannelNormalization {
  /** {@code v / 255} for every channel: the bundled encoder's input. */
  public static final ChannelNormalization NONE =
      new ChannelNormalization(new double[] {0, 0, 0}, new double[] {1, 1, 1});

  /** ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), RGB order. */
  public static final ChannelNormalization IMAGENET =
      new ChannelNormalization(
          new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

  private final double[] mean;
  private final double[] std;
  private final float[][] lookup;

  private ChannelNormalization(double[] mean, double[] std) {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need one value per RGB channel");
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive: " + Arrays.toString(std));
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
    this.lookup = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lookup[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
      }
    }
  }

  /**
   * A normalisation with the given statistics (of values already divided by 255).
   *
   * @param mean per-channel mean, R, G, B
   * @param std per-channel standard deviation, positive
   * @return the normalisation
   */
  public static ChannelNormalization of(double[] mean, double[] std) {
    return new ChannelNormalization(mean, std);
  }

  /** 256 precomputed outputs for channel {@code c} (0 = R; a one-channel model uses 0). */
  float[] lookupTable(int c) {
    return lookup[c];
  }

  @Override
  public String toString() {
    return "ChannelNormalization[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
