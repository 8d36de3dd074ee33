package io.hashstream.image;

/**
 * Finds the EXIF orientation value inside a JPEG, PNG or WebP container by walking segment or chunk
 * headers (never pixel data), then reads tag 0x0112 from IFD0 of the TIFF structure. Every offset
 * is bounds-checked; anything malformed yields 1 (upright). Stateless.
 */
final class ExifOrientationReader {
  private static final int UPRIGHT = 1;
  private static final int ORIENTATION_TAG = 0x0112;
  private static final int TIFF_SHORT = 3;

  private ExifOrientationReader() {}

  /** The raw tag value (1 if absent or unreadable). */
  static int read(byte[] bytes, ImageFormat format) {
    if (bytes == null) {
      return UPRIGHT;
    }
    return switch (format) {
      case JPEG -> fromJpeg(bytes);
      case PNG -> fromPng(bytes);
      case WEBP -> fromWebp(bytes);
      default -> UPRIGHT;
    };
  }

  /** Markers up to the first scan: APP1 segments that start with {@code Exif\0\0}. */
  private static int fromJpeg(byte[] b) {
    int p = 2;
    while (p + 4 <= b.length) {
      if ((b[p] & 0xFF) != 0xFF) {
        return UPRIGHT;
      }
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++; // fill byte
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return UPRIGHT; // start of scan or end of image: no EXIF before the pixels
      }
      int length = u16be(b, p + 2);
      int payload = p + 4;
      if (length < 2 || payload + length - 2 > b.length) {
        return UPRIGHT;
      }
      if (marker == 0xE1 && length >= 8 && isExifHeader(b, payload)) {
        return fromTiff(b, payload + 6, payload + length - 2);
      }
      p += 2 + length;
    }
    return UPRIGHT;
  }

  /** Chunks up to IEND: an {@code eXIf} chunk holds the TIFF structure directly. */
  private static int fromPng(byte[] b) {
    int p = 8;
    while (p + 8 <= b.length) {
      long length = u32be(b, p);
      int type = p + 4;
      long end = p + 8 + length;
      if (end > b.length) {
        return UPRIGHT;
      }
      if (ImageFormat.startsWithAscii(b, type, "eXIf")) {
        return fromTiff(b, p + 8, (int) end);
      }
      if (ImageFormat.startsWithAscii(b, type, "IEND")) {
        return UPRIGHT;
      }
      p = (int) end + 4; // skip the CRC
    }
    return UPRIGHT;
  }

  /**
   * RIFF chunks: an {@code EXIF} chunk holds the TIFF structure, sometimes after {@code Exif\0\0}.
   */
  private static int fromWebp(byte[] b) {
    int p = 12;
    while (p + 8 <= b.length) {
      long size = u32le(b, p + 4);
      long end = p + 8 + size;
      if (end > b.length) {
        return UPRIGHT;
      }
      if (ImageFormat.startsWithAscii(b, p, "EXIF")) {
        int start = p + 8;
        if (size >= 6 && isExifHeader(b, start)) {
          start += 6;
        }
        return fromTiff(b, start, (int) end);
      }
      p = (int) (end + (size & 1)); // chunks are padded to an even size
    }
    return UPRIGHT;
  }

  /** Reads tag 0x0112 from IFD0 of a TIFF structure in {@code b[start, end)}. */
  private static int fromTiff(byte[] b, int start, int end) {
    if (end - start < 8) {
      return UPRIGHT;
    }
    boolean littleEndian;
    if (b[start] == 'I' && b[start + 1] == 'I') {
      littleEndian = true;
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      littleEndian = false;
    } else {
      return UPRIGHT;
    }
    if (u16(b, start + 2, littleEndian) != 42) {
      return UPRIGHT;
    }
    long ifd = start + u32(b, start + 4, littleEndian);
    if (ifd + 2 > end) {
      return UPRIGHT;
    }
    int entries = u16(b, (int) ifd, littleEndian);
    for (int i = 0; i < entries; i++) {
      int entry = (int) ifd + 2 + 12 * i;
      if (entry + 12 > end) {
        return UPRIGHT;
      }
      if (u16(b, entry, littleEndian) == ORIENTATION_TAG) {
        return u16(b, entry + 2, littleEndian) == TIFF_SHORT
            ? u16(b, entry + 8, littleEndian)
            : UPRIGHT;
      }
    }
    return UPRIGHT;
  }

  private static boolean isExifHeader(byte[] b, int p) {
    return p + 6 <= b.length
        && ImageFormat.startsWithAscii(b, p, "Exif")
        && b[p + 4] == 0
        && b[p + 5] == 0;
  }

  private static int u16(byte[] b, int p, boolean littleEndian) {
    return littleEndian ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : u16be(b, p);
  }

  private static long u32(byte[] b, int p, boolean littleEndian) {
    return littleEndian ? u32le(b, p) : u32be(b, p);
  }

  private static int u16be(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }

  private static long u32be(byte[] b, int p) {
    return (long) u16be(b, p) << 16 | u16be(b, p + 2);
  }

  private static long u32le(byte[] b, int p) {
    return (b[p] & 0xFFL)
        | (b[p + 1] & 0xFFL) << 8
        | (b[p + 2] & 0xFFL) << 16
        | (b[p + 3] & 0xFFL) << 24;
  }
}
