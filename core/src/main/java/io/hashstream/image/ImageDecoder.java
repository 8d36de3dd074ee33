package io.hashstream.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted image bytes into an upright, opaque {@link RgbImage}, or rejects them with an
 * {@link ImageDecodeException} whose {@link DecodeFailureReason} names the dead-letter reason.
 * Nothing an image reader throws escapes as anything else.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>No bytes: {@code MISSING_IMAGE}.
 *   <li>The format is sniffed from the magic bytes ({@link ImageFormat#sniff}); the declared
 *       content type is never consulted. JPEG, PNG, GIF (first frame), BMP and WebP are decoded;
 *       anything else is {@code UNSUPPORTED_IMAGE_FORMAT}.
 *   <li>Only the header is read, and {@code width × height} is checked against {@link
 *       ImageDecoderConfig#maxPixels()} <em>before</em> any pixel is decoded: a decompression bomb
 *       is {@code IMAGE_TOO_LARGE} after reading a few bytes. Zero or negative dimensions are
 *       {@code CORRUPT_IMAGE}.
 *   <li>Pixels are decoded with metadata ignored. Any reader exception (IOException or
 *       RuntimeException, including the ArrayIndexOutOfBounds and NegativeArraySize that damaged
 *       files provoke in the JDK readers), and a warning that a JPEG's scan data ended early (a
 *       truncated JPEG otherwise decodes with a grey bottom), is {@code CORRUPT_IMAGE}.
 *   <li>Pixels become 8-bit RGB with alpha composited on white (see {@link
 *       RgbImage#fromBufferedImage}); CMYK and YCCK JPEGs are converted by the TwelveMonkeys
 *       reader; a colour model that cannot be converted is {@code UNSUPPORTED_IMAGE_FORMAT}.
 *   <li>The EXIF orientation (JPEG APP1, PNG {@code eXIf}, WebP {@code EXIF}) is applied.
 * </ol>
 *
 * <p><b>Readers.</b> JPEG and WebP use the TwelveMonkeys plugins (BSD-3-Clause; CMYK/YCCK, broken
 * ICC profiles, lossy, lossless and alpha WebP), the rest the JDK's. Loading this class registers
 * the TwelveMonkeys readers with the JVM-wide {@link IIORegistry} if ImageIO's classpath scan did
 * not find them (as in a Flink user-code class loader); in a long-running Flink cluster put the
 * TwelveMonkeys jars in {@code lib/} so the registry does not pin a job's class loader.
 *
 * <p><b>Limits and cost.</b> Peak memory is about 7 bytes per pixel (reader raster plus packed
 * copy), so {@code maxPixels} bounds it. An {@link OutOfMemoryError} is not caught: with the pixel
 * limit in place it means the heap is too small for the configured concurrency, which is not the
 * image's fault. A 1000×700 baseline JPEG decodes in about 10–20 ms on one core; progressive JPEGs
 * and WebP take longer. The bytes are read in place (no copy, no disk cache).
 *
 * <p><b>Thread-safety.</b> Immutable; {@link #decode} may be called from many threads at once. Each
 * call creates and disposes its own ImageIO reader (readers are not thread-safe; creating one costs
 * microseconds).
 */
public final class ImageDecoder {

  static {
    registerIfAbsent(new JPEGImageReaderSpi());
    registerIfAbsent(new WebPImageReaderSpi());
  }

  private final ImageDecoderConfig config;

  /**
   * Creates a decoder.
   *
   * @param config the limits
   */
  public ImageDecoder(ImageDecoderConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config is required");
    }
    this.config = config;
  }

  /**
   * A decoder with {@link ImageDecoderConfig#defaults()}.
   *
   * @return the decoder
   */
  public static ImageDecoder withDefaults() {
    return new ImageDecoder(ImageDecoderConfig.defaults());
  }

  /**
   * The limits.
   *
   * @return the config
   */
  public ImageDecoderConfig config() {
    return config;
  }

  /**
   * Decodes an image.
   *
   * @param bytes the encoded image, as uploaded; not modified or retained
   * @return the upright image, 8-bit RGB
   * @throws ImageDecodeException with the reason the image was rejected
   */
  public RgbImage decode(byte[] bytes) throws ImageDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new ImageDecodeException(DecodeFailureReason.MISSING_IMAGE, "no image bytes");
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (!format.isDecodable()) {
      throw new ImageDecodeException(
          DecodeFailureReason.UNSUPPORTED_IMAGE_FORMAT,
          "format " + format + " (" + bytes.length + " bytes, starting " + hexPrefix(bytes) + ")");
    }
    ImageReader reader = readerFor(format);
    try {
      BufferedImage image = readPixels(reader, bytes, format);
      RgbImage rgb = toRgb(image, format);
      return ExifOrientation.read(bytes, format).apply(rgb);
    } finally {
      reader.dispose();
    }
  }

  private BufferedImage readPixels(ImageReader reader, byte[] bytes, ImageFormat format)
      throws ImageDecodeException {
    EarlyEndWarnings warnings = new EarlyEndWarnings();
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(warnings);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkDimensions(format, width, height);
      BufferedImage image = reader.read(0, null);
      if (warnings.message != null) {
        throw new ImageDecodeException(
            DecodeFailureReason.CORRUPT_IMAGE, format + " data ends early: " + warnings.message);
      }
      if (image == null || image.getWidth() != width || image.getHeight() != height) {
        throw new ImageDecodeException(
            DecodeFailureReason.CORRUPT_IMAGE,
            format + " reader returned " + image + " for a " + width + "x" + height + " header");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(
          DecodeFailureReason.CORRUPT_IMAGE, format + " could not be decoded: " + e, e);
    }
  }

  private void checkDimensions(ImageFormat format, int width, int height)
      throws ImageDecodeException {
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(
          DecodeFailureReason.CORRUPT_IMAGE,
          format + " header declares " + width + "x" + height + " pixels");
    }
    long pixels = (long) width * height;
    if (pixels > config.maxPixels()) {
      throw new ImageDecodeException(
          DecodeFailureReason.IMAGE_TOO_LARGE,
          format
              + " header declares "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, above the limit of "
              + config.maxPixels());
    }
  }

  private static RgbImage toRgb(BufferedImage image, ImageFormat format)
      throws ImageDecodeException {
    try {
      return OpaqueRgbConverter.convert(image);
    } catch (RuntimeException e) {
      throw new ImageDecodeException(
          DecodeFailureReason.UNSUPPORTED_IMAGE_FORMAT,
          format
              + " pixels in a colour model that cannot be converted to RGB: "
              + image.getColorModel(),
          e);
    }
  }

  private static ImageReader readerFor(ImageFormat format) throws ImageDecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          DecodeFailureReason.UNSUPPORTED_IMAGE_FORMAT, "no ImageIO reader for " + format);
    }
    return readers.next();
  }

  private static void registerIfAbsent(ImageReaderSpi spi) {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    if (registry.getServiceProviderByClass(spi.getClass()) == null) {
      registry.registerServiceProvider(spi, ImageReaderSpi.class);
    }
  }

  private static String hexPrefix(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
    }
    return sb.toString();
  }

  /**
   * Remembers a reader warning that says the entropy-coded data ended early. libjpeg (behind both
   * JPEG readers) only warns about a truncated scan ("Corrupt JPEG data: premature end of data
   * segment") and fills the rest with grey. A file that lacks only its final EOI marker (warning
   * "Missing EOI marker") has all its pixels and is accepted, as are other benign warnings
   * (extraneous bytes, unknown markers).
   */
  private static final class EarlyEndWarnings implements IIOReadWarningListener {
    private String message;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (message == null
          && warning != null
          && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
        message = warning;
      }
    }
  }
}
