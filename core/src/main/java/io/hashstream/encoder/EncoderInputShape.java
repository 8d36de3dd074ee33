package io.hashstream.encoder;

/**
 * The shape of one preprocessed image as an encoder consumes it: {@code channels × height × width}
 * float32 values in the given {@link TensorLayout}. Immutable; validated on construction.
 *
 * @param channels number of colour channels, at least 1
 * @param height image height in pixels, at least 1
 * @param width image width in pixels, at least 1
 * @param layout memory order of a batch
 */
public record EncoderInputShape(int channels, int height, int width, TensorLayout layout) {

  /** Validates the dimensions. */
  public EncoderInputShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "dimensions must be positive: " + channels + "x" + height + "x" + width);
    }
    if (layout == null) {
      throw new IllegalArgumentException("layout is required");
    }
    if ((long) channels * height * width > Integer.MAX_VALUE / 64) {
      throw new IllegalArgumentException(
          "image too large: " + channels + "x" + height + "x" + width);
    }
  }

  /**
   * An RGB NCHW shape, the layout of the bundled encoder and of most TorchScript vision models.
   *
   * @param height image height in pixels
   * @param width image width in pixels
   * @return the shape {@code 3 × height × width}, NCHW
   */
  public static EncoderInputShape rgbNchw(int height, int width) {
    return new EncoderInputShape(3, height, width, TensorLayout.NCHW);
  }

  /**
   * Number of float values one image occupies.
   *
   * @return {@code channels * height * width}
   */
  public int valuesPerImage() {
    return channels * height * width;
  }

  /**
   * The tensor shape of a batch in this layout.
   *
   * @param batchSize number of images
   * @return four dimensions, batch first
   */
  public long[] batchShape(int batchSize) {
    return layout == TensorLayout.NCHW
        ? new long[] {batchSize, channels, height, width}
        : new long[] {batchSize, height, width, channels};
  }
}
