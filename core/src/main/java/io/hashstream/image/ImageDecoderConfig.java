package io.hashstream.image;

/**
 * Limits applied by {@link ImageDecoder}. Immutable; validated on construction.
 *
 * @param maxPixels the most pixels ({@code width × height}, read from the header before any pixel
 *     is decoded) an image may have; larger images are rejected with {@link
 *     DecodeFailureReason#IMAGE_TOO_LARGE}. Decoding holds about 7 bytes per pixel at its peak (the
 *     reader's raster plus the packed RGB copy), so the default of 40 million pixels bounds one
 *     decode at about 280 MB.
 */
public record ImageDecoderConfig(long maxPixels) {

  /** The default pixel limit: 40 million pixels (e.g. 8000×5000). */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  /** The largest limit accepted: an {@code int[]} of RGB pixels cannot hold more. */
  public static final long MAX_PIXELS_CEILING = Integer.MAX_VALUE - 8;

  /** Validates the limit. */
  public ImageDecoderConfig {
    if (maxPixels < 1 || maxPixels > MAX_PIXELS_CEILING) {
      throw new IllegalArgumentException(
          "maxPixels must be in [1, " + MAX_PIXELS_CEILING + "]: " + maxPixels);
    }
  }

  /**
   * The default limits.
   *
   * @return a config with {@link #DEFAULT_MAX_PIXELS}
   */
  public static ImageDecoderConfig defaults() {
    return new ImageDecoderConfig(DEFAULT_MAX_PIXELS);
  }
}
