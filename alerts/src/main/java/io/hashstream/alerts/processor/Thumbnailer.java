package io.hashstream.alerts.processor;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Small JPEG thumbnails of uploads (JPEG, PNG, GIF, BMP: what the JDK's ImageIO reads), with Java2D
 * in headless mode. The size is read from the header first: images over {@link #MAX_PIXELS} are
 * refused before any pixel is decoded, and large ones are subsampled while decoding, so the cost
 * per image is bounded by the thumbnail's size more than by the upload's.
 *
 * <p>Each call allocates its own reader and writer: safe to call from several stream threads.
 */
public final class Thumbnailer {
  /** Uploads larger than this (width × height) get no thumbnail: a decompression-bomb guard. */
  public static final long MAX_PIXELS = 100_000_000L;

  private static final float JPEG_QUALITY = 0.8f;

  private final int maxSide;

  /** @param maxSide the longer side of thumbnails, in pixels */
  public Thumbnailer(int maxSide) {
    this.maxSide = maxSide;
  }

  /**
   * The thumbnail of {@code encoded} as JPEG bytes.
   *
   * @throws IOException if the bytes are not an image ImageIO reads, or the image is too large
   */
  public byte[] thumbnail(byte[] encoded) throws IOException {
    BufferedImage source = decodeSubsampled(encoded);
    double scale = Math.min(1.0, (double) maxSide / Math.max(source.getWidth(), source.getHeight()));
    int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumb.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(Color.WHITE); // transparent PNGs on white, as a page shows them
      g.fillRect(0, 0, w, h);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return jpeg(thumb);
  }

  /**
   * A thumbnail made unrecognisable for the live page, until a moderator chooses to see it: the
   * picture is reduced to {@link #OBSCURED_CELLS} × {@link #OBSCURED_CELLS} colours and scaled back
   * smoothly (a heavy blur that keeps only the overall colours). Trust-and-safety tools show
   * removed content this way to spare moderators.
   *
   * @param thumbnailJpeg a thumbnail made by {@link #thumbnail}
   * @return a JPEG of the same size; a grey square if the thumbnail cannot be read
   */
  public static byte[] obscure(byte[] thumbnailJpeg) {
    try {
      BufferedImage source = ImageIO.read(new ByteArrayInputStream(thumbnailJpeg));
      if (source == null) {
        throw new IOException("unreadable thumbnail");
      }
      int w = source.getWidth();
      int h = source.getHeight();
      BufferedImage cells = new BufferedImage(OBSCURED_CELLS, OBSCURED_CELLS, BufferedImage.TYPE_INT_RGB);
      draw(cells, source, OBSCURED_CELLS, OBSCURED_CELLS);
      BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      draw(out, cells, w, h);
      return jpeg(out);
    } catch (IOException e) {
      BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = grey.createGraphics();
      g.setColor(Color.GRAY);
      g.fillRect(0, 0, 8, 8);
      g.dispose();
      try {
        return jpeg(grey);
      } catch (IOException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /** Cells per side of an {@link #obscure obscured} thumbnail. */
  public static final int OBSCURED_CELLS = 4;

  private static void draw(BufferedImage target, BufferedImage source, int w, int h) {
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
  }

  private BufferedImage decodeSubsampled(byte[] encoded) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("not an image format ImageIO reads");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
          throw new IOException(width + "x" + height + " exceeds " + MAX_PIXELS + " pixels");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.max(1, Math.min(width, height) / (2L * maxSide));
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } catch (RuntimeException e) {
        throw new IOException("corrupt image: " + e, e);
      } finally {
        reader.dispose();
      }
    }
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
