package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * An opaque 8-bit sRGB image: {@code width × height} pixels packed as {@code 0xRRGGBB} in one
 * row-major {@code int[]}. It is what {@link ImageDecoder} produces and what every transform in
 * this package consumes and returns.
 *
 * <p><b>Immutable.</b> The pixel array is never exposed: {@link #pixels()} returns a copy, and
 * every operation returns a new image. The package itself reads the array directly, so no operation
 * copies more than it must. Safe to share between threads.
 *
 * <p><b>Cost.</b> 4 bytes per pixel plus a 16-byte header; a 1000×700 image holds 2.8 MB.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final int[] rgb;

  /** Wraps {@code rgb} without copying; the caller hands over ownership. */
  RgbImage(int width, int height, int[] rgb) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
    }
    if ((long) width * height != rgb.length) {
      throw new IllegalArgumentException(
          rgb.length + " pixels for a " + width + "x" + height + " image");
    }
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  /**
   * An image from packed pixels. The array is copied; the top byte of each pixel is ignored.
   *
   * @param width width in pixels, at least 1
   * @param height height in pixels, at least 1
   * @param rgb {@code width * height} pixels, row-major, {@code 0x??RRGGBB}
   * @return the image
   */
  public static RgbImage of(int width, int height, int[] rgb) {
    int[] copy = new int[rgb.length];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = rgb[i] & 0xFFFFFF;
    }
    return new RgbImage(width, height, copy);
  }

  /**
   * An image of one colour.
   *
   * @param width width in pixels, at least 1
   * @param height height in pixels, at least 1
   * @param rgb the colour, {@code 0xRRGGBB}
   * @return the image
   */
  public static RgbImage filled(int width, int height, int rgb) {
    int[] pixels = new int[Math.multiplyExact(width, height)];
    Arrays.fill(pixels, rgb & 0xFFFFFF);
    return new RgbImage(width, height, pixels);
  }

  /**
   * Converts any {@link BufferedImage}, with the colour rules of PIL: RGB samples as stored (an ICC
   * profile is ignored), grey replicated to R = G = B without a gamma change, 1–16-bit samples
   * rescaled to 8 bits, palettes looked up, alpha composited on white; other colour spaces (CMYK,
   * YCC, float rasters) through Java2D's colour management. Reads the raster row by row.
   *
   * @param image the image; not modified
   * @return a new image
   * @throws IllegalArgumentException if the colour model cannot be converted to RGB
   */
  public static RgbImage fromBufferedImage(BufferedImage image) {
    return OpaqueRgbConverter.convert(image);
  }

  /**
   * Width in pixels.
   *
   * @return at least 1
   */
  public int width() {
    return width;
  }

  /**
   * Height in pixels.
   *
   * @return at least 1
   */
  public int height() {
    return height;
  }

  /**
   * One pixel.
   *
   * @param x column, {@code 0 <= x < width}
   * @param y row, {@code 0 <= y < height}
   * @return {@code 0xRRGGBB}
   */
  public int rgb(int x, int y) {
    if (x < 0 || x >= width || y < 0 || y >= height) {
      throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside " + width + "x" + height);
    }
    return rgb[y * width + x];
  }

  /**
   * A copy of all pixels.
   *
   * @return {@code width * height} pixels, row-major, {@code 0xRRGGBB}
   */
  public int[] pixels() {
    return rgb.clone();
  }

  /**
   * Copies one row of pixels: the allocation-free way for code outside this package (a hasher with
   * a reused row buffer) to read an image, where {@link #pixels()} would copy it whole.
   *
   * @param y row, {@code 0 <= y < height}
   * @param dst receives {@code width} pixels, {@code 0xRRGGBB}
   * @param dstOffset where the row starts in {@code dst}
   * @throws IndexOutOfBoundsException if the row or the destination range is out of bounds
   */
  public void copyRow(int y, int[] dst, int dstOffset) {
    if (y < 0 || y >= height) {
      throw new IndexOutOfBoundsException("row " + y + " outside " + width + "x" + height);
    }
    System.arraycopy(rgb, y * width, dst, dstOffset, width);
  }

  /** Packs 8-bit channels into {@code 0xRRGGBB}. */
  static int pack(int r, int g, int b) {
    return r << 16 | g << 8 | b;
  }

  /** Rounds to the nearest integer and clips to [0, 255]. */
  static int clampToByte(float value) {
    int v = Math.round(value);
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** The backing array, for this package's hot loops only; never modify it. */
  int[] data() {
    return rgb;
  }

  /**
   * A copy as a {@link BufferedImage#TYPE_INT_RGB} image, e.g. to draw on or to write with ImageIO.
   *
   * @return a new image
   */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(rgb, 0, target, 0, rgb.length);
    return image;
  }

  /**
   * A rectangle of this image.
   *
   * @param left first column
   * @param top first row
   * @param cropWidth width, at least 1
   * @param cropHeight height, at least 1
   * @return a new image
   * @throws IllegalArgumentException if the rectangle is not inside the image
   */
  public RgbImage crop(int left, int top, int cropWidth, int cropHeight) {
    if (left < 0
        || top < 0
        || cropWidth < 1
        || cropHeight < 1
        || left + cropWidth > width
        || top + cropHeight > height) {
      throw new IllegalArgumentException(
          "crop "
              + left
              + ","
              + top
              + " "
              + cropWidth
              + "x"
              + cropHeight
              + " outside "
              + width
              + "x"
              + height);
    }
    int[] out = new int[cropWidth * cropHeight];
    for (int y = 0; y < cropHeight; y++) {
      System.arraycopy(rgb, (top + y) * width + left, out, y * cropWidth, cropWidth);
    }
    return new RgbImage(cropWidth, cropHeight, out);
  }

  /**
   * This image mirrored left to right.
   *
   * @return a new image
   */
  public RgbImage flippedHorizontally() {
    return ExifOrientation.MIRROR_HORIZONTAL.apply(this);
  }

  /**
   * Whether both images have the same size and pixels.
   *
   * @param other another object
   * @return true if equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof RgbImage that
        && width == that.width
        && height == that.height
        && Arrays.equals(rgb, that.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
