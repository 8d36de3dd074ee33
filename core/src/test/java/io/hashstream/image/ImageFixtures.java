package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test images: the committed fixtures, generated patterns, and EXIF written by hand. */
final class ImageFixtures {
  static final int RED = 0xFF0000;
  static final int GREEN = 0x00FF00;
  static final int BLUE = 0x0000FF;
  static final int YELLOW = 0xFFFF00;

  private ImageFixtures() {}

  /** A classpath resource's bytes, e.g. {@code /image/chelsea_lossy.webp}. */
  static byte[] resource(String path) {
    try (InputStream in = ImageFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 112×112 CC0 photo (the encoder fixture), decoded with plain ImageIO. */
  static BufferedImage photo() {
    return readWithImageIo(resource("/encoder/images/chelsea.png"));
  }

  static BufferedImage readWithImageIo(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes with ImageIO; fails the test if no writer handles the image. */
  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for " + image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Four flat quadrants: top-left red, top-right green, bottom-left blue, bottom-right yellow. */
  static RgbImage quadrants(int width, int height) {
    int[] px = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean top = y < height / 2;
        boolean left = x < width / 2;
        px[y * width + x] = top ? (left ? RED : GREEN) : (left ? BLUE : YELLOW);
      }
    }
    return RgbImage.of(width, height, px);
  }

  /** A TIFF structure whose IFD0 holds only Orientation (SHORT, count 1). */
  static byte[] tiffWithOrientation(int orientation, boolean littleEndian) {
    ByteBuffer b = ByteBuffer.allocate(26);
    b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
    b.putShort((short) 42).putInt(8);
    b.putShort((short) 1); // one entry
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    b.putShort((short) 0); // value padding
    b.putInt(0); // no next IFD
    return b.array();
  }

  /** Inserts an EXIF APP1 segment right after the JPEG's APP0 (or after SOI if there is none). */
  static byte[] withJpegExif(byte[] jpeg, byte[] tiff) {
    int insertAt = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      insertAt = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    }
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, insertAt);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tiff);
    out.write(jpeg, insertAt, jpeg.length - insertAt);
    return out.toByteArray();
  }

  /** Inserts an {@code eXIf} chunk (with a correct CRC) right after the PNG's IHDR. */
  static byte[] withPngExif(byte[] png, byte[] tiff) {
    int afterIhdr = 8 + 8 + 13 + 4;
    ByteBuffer chunk = ByteBuffer.allocate(12 + tiff.length);
    chunk.putInt(tiff.length).put("eXIf".getBytes(StandardCharsets.US_ASCII)).put(tiff);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + tiff.length);
    chunk.putInt((int) crc.getValue());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    out.writeBytes(chunk.array());
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  /** Mean absolute difference per channel value between two images of one size. */
  static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException(a + " vs " + b);
    }
    long sum = 0;
    int[] pa = a.pixels();
    int[] pb = b.pixels();
    for (int i = 0; i < pa.length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        sum += Math.abs(((pa[i] >> shift) & 0xFF) - ((pb[i] >> shift) & 0xFF));
      }
    }
    return sum / (3.0 * pa.length);
  }

  /** The largest channel difference between two colours. */
  static int channelDistance(int rgb1, int rgb2) {
    int max = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      max = Math.max(max, Math.abs(((rgb1 >> shift) & 0xFF) - ((rgb2 >> shift) & 0xFF)));
    }
    return max;
  }
}
