package io.hashstream.image;

/**
 * The eight values of the EXIF/TIFF {@code Orientation} tag (0x0112): how the stored pixels must be
 * turned to be seen upright. {@link #apply(RgbImage)} does that turn. Names say what the correction
 * does to the stored image; the value is the tag's number.
 *
 * <p>Cost of {@link #apply}: one pass over the pixels and one new array, about 1–3 ms for a
 * megapixel; {@link #NORMAL} returns its argument.
 */
public enum ExifOrientation {
  /** 1: stored upright. */
  NORMAL(1),
  /** 2: mirror left to right. */
  MIRROR_HORIZONTAL(2),
  /** 3: rotate 180°. */
  ROTATE_180(3),
  /** 4: mirror top to bottom. */
  MIRROR_VERTICAL(4),
  /** 5: transpose (swap rows and columns: mirror left to right, then rotate 270° clockwise). */
  TRANSPOSE(5),
  /** 6: rotate 90° clockwise. */
  ROTATE_90_CW(6),
  /** 7: transverse (mirror left to right, then rotate 90° clockwise). */
  TRANSVERSE(7),
  /** 8: rotate 270° clockwise (90° counter-clockwise). */
  ROTATE_270_CW(8);

  private final int tagValue;

  ExifOrientation(int tagValue) {
    this.tagValue = tagValue;
  }

  /**
   * The value of the EXIF tag.
   *
   * @return 1 to 8
   */
  public int tagValue() {
    return tagValue;
  }

  /**
   * The orientation for a tag value; values outside 1..8 (which occur in the wild) mean upright.
   *
   * @param tagValue the EXIF value
   * @return the orientation, {@link #NORMAL} for unknown values
   */
  public static ExifOrientation ofTagValue(int tagValue) {
    return tagValue >= 1 && tagValue <= 8 ? values()[tagValue - 1] : NORMAL;
  }

  /**
   * Reads the orientation stored in an encoded image: the EXIF APP1 segment of a JPEG, the {@code
   * eXIf} chunk of a PNG, the {@code EXIF} chunk of a WebP (the carriers browsers honour). Only
   * headers are walked, never pixel data; damaged or missing metadata means {@link #NORMAL}.
   *
   * @param bytes the encoded image
   * @param format its sniffed format
   * @return the orientation; never throws
   */
  public static ExifOrientation read(byte[] bytes, ImageFormat format) {
    return ofTagValue(ExifOrientationReader.read(bytes, format));
  }

  /**
   * Whether the corrected image has width and height swapped.
   *
   * @return true for the four orientations that turn by 90°
   */
  public boolean swapsAxes() {
    return tagValue >= 5;
  }

  /**
   * Turns a stored image upright.
   *
   * @param image the stored image
   * @return the upright image ({@code image} itself for {@link #NORMAL})
   */
  public RgbImage apply(RgbImage image) {
    if (this == NORMAL) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    int last = w * h - 1;
    int lastRow = (h - 1) * w;
    // Output pixel (x, y) reads source index start + x * stepX + y * stepY.
    int start;
    int stepX;
    int stepY;
    switch (this) {
      case MIRROR_HORIZONTAL -> {
        start = w - 1;
        stepX = -1;
        stepY = w;
      }
      case ROTATE_180 -> {
        start = last;
        stepX = -1;
        stepY = -w;
      }
      case MIRROR_VERTICAL -> {
        start = lastRow;
        stepX = 1;
        stepY = -w;
      }
      case TRANSPOSE -> {
        start = 0;
        stepX = w;
        stepY = 1;
      }
      case ROTATE_90_CW -> {
        start = lastRow;
        stepX = -w;
        stepY = 1;
      }
      case TRANSVERSE -> {
        start = last;
        stepX = -w;
        stepY = -1;
      }
      case ROTATE_270_CW -> {
        start = w - 1;
        stepX = w;
        stepY = -1;
      }
      default -> throw new AssertionError(this);
    }
    int outW = swapsAxes() ? h : w;
    int outH = swapsAxes() ? w : h;
    int[] src = image.data();
    int[] out = new int[src.length];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      int s = start + y * stepY;
      for (int x = 0; x < outW; x++, s += stepX) {
        out[o++] = src[s];
      }
    }
    return new RgbImage(outW, outH, out);
  }
}
