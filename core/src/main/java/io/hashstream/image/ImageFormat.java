package io.hashstream.image;

import java.nio.charset.StandardCharsets;

/**
 * An image container format as told by its leading magic bytes. The declared content type of an
 * upload is never trusted: {@link #sniff(byte[])} looks at the bytes only.
 *
 * <p>{@link #isDecodable()} says whether {@link ImageDecoder} reads the format. The other named
 * formats are recognised only so that a rejection can say what the bytes were.
 */
public enum ImageFormat {
  /** JPEG/JFIF/EXIF: {@code FF D8 FF}. */
  JPEG("jpeg", true),
  /** PNG: the 8-byte signature {@code 89 'PNG' 0D 0A 1A 0A}. */
  PNG("png", true),
  /** GIF87a or GIF89a; only the first frame is decoded. */
  GIF("gif", true),
  /** Windows bitmap: {@code 'BM'} followed by a known DIB header size. */
  BMP("bmp", true),
  /** WebP (lossy, lossless, with alpha): {@code 'RIFF' size 'WEBP'}. */
  WEBP("webp", true),
  /** TIFF, either byte order (recognised, not decoded). */
  TIFF("tiff", false),
  /** An ISO base-media {@code ftyp} box: HEIF/HEIC, AVIF (recognised, not decoded). */
  HEIF_OR_AVIF("heif", false),
  /** JPEG 2000 codestream or JP2 box (recognised, not decoded). */
  JPEG_2000("jpeg2000", false),
  /** Windows icon or cursor (recognised, not decoded). */
  ICO("ico", false),
  /** Text that starts like XML or SVG (recognised, not decoded). */
  SVG_OR_XML("svg", false),
  /** Anything else. */
  UNKNOWN("unknown", false);

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private final String imageIoName;
  private final boolean decodable;

  ImageFormat(String imageIoName, boolean decodable) {
    this.imageIoName = imageIoName;
    this.decodable = decodable;
  }

  /**
   * The ImageIO format name readers are looked up by.
   *
   * @return e.g. {@code "jpeg"}
   */
  public String imageIoName() {
    return imageIoName;
  }

  /**
   * Whether {@link ImageDecoder} decodes this format.
   *
   * @return true for JPEG, PNG, GIF, BMP and WebP
   */
  public boolean isDecodable() {
    return decodable;
  }

  /**
   * Identifies the format from the first bytes. Reads at most 16 bytes; never throws.
   *
   * @param bytes the encoded image, may be null or empty
   * @return the format, {@link #UNKNOWN} if nothing matches
   */
  public static ImageFormat sniff(byte[] bytes) {
    if (bytes == null || bytes.length < 2) {
      return UNKNOWN;
    }
    if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
      return JPEG;
    }
    if (startsWith(bytes, 0, PNG_SIGNATURE)) {
      return PNG;
    }
    if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
      return GIF;
    }
    if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
      return WEBP;
    }
    if (startsWithAscii(bytes, 0, "BM") && hasKnownDibHeader(bytes)) {
      return BMP;
    }
    if (startsWith(bytes, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
        || startsWith(bytes, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) {
      return TIFF;
    }
    if (startsWithAscii(bytes, 4, "ftyp")) {
      return HEIF_OR_AVIF;
    }
    if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0x4F, (byte) 0xFF, (byte) 0x51)
        || startsWith(
            bytes, 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0x0C, (byte) 'j', (byte) 'P')) {
      return JPEG_2000;
    }
    if (startsWith(bytes, 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0)
        || startsWith(bytes, 0, (byte) 0, (byte) 0, (byte) 2, (byte) 0)) {
      return ICO;
    }
    if (startsWithAscii(bytes, 0, "<?xml") || startsWithAscii(bytes, 0, "<svg")) {
      return SVG_OR_XML;
    }
    return UNKNOWN;
  }

  /** 'BM' alone is too weak: also require a DIB header size that some BMP version uses. */
  private static boolean hasKnownDibHeader(byte[] bytes) {
    if (bytes.length < 18) {
      return false;
    }
    int dibSize =
        (bytes[14] & 0xFF)
            | (bytes[15] & 0xFF) << 8
            | (bytes[16] & 0xFF) << 16
            | (bytes[17] & 0xFF) << 24;
    return switch (dibSize) {
      case 12, 16, 40, 52, 56, 64, 108, 124 -> true;
      default -> false;
    };
  }

  /** Whether {@code bytes} hold the ASCII text at {@code offset}; false if they are too short. */
  static boolean startsWithAscii(byte[] bytes, int offset, String ascii) {
    return startsWith(bytes, offset, ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean startsWith(byte[] bytes, int offset, byte... prefix) {
    if (bytes.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
