package io.hashstream.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes an {@link RgbImage} to JPEG or PNG bytes with ImageIO, in memory (no disk cache). Used by
 * the re-encoding copy transforms and by tests; the streaming path only decodes.
 *
 * <p>Cost: JPEG about 5–10 ms per megapixel, PNG several times that. Stateless; each call uses its
 * own ImageIO writer.
 */
public final class ImageFileWriter {

  private ImageFileWriter() {}

  /**
   * Encodes a baseline JPEG (4:2:0 chroma subsampling, JFIF header, no EXIF).
   *
   * @param image the image
   * @param quality 0 (worst) to 1 (best); libjpeg's quality scale divided by 100
   * @return the JPEG file
   */
  public static byte[] jpeg(RgbImage image, float quality) {
    if (!(quality >= 0 && quality <= 1)) {
      throw new IllegalArgumentException("quality must be in [0, 1]: " + quality);
    }
    ImageWriter writer = writerFor("jpeg");
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    return write(writer, image, param);
  }

  /**
   * Encodes an 8-bit RGB PNG.
   *
   * @param image the image
   * @return the PNG file
   */
  public static byte[] png(RgbImage image) {
    return write(writerFor("png"), image, null);
  }

  private static ImageWriter writerFor(String format) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return writers.next();
  }

  private static byte[] write(ImageWriter writer, RgbImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image.toBufferedImage(), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory " + writer.getOriginatingProvider() + " failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
