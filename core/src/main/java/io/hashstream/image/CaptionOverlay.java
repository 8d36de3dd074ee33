package io.hashstream.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws a caption across the bottom of an image, meme-style: white bold sans-serif text with a
 * black outline, centred, its height a tenth of the image's (shrunk to fit the width). Uses
 * Java2D's logical font {@code SansSerif}, which the JDK maps to an installed font through
 * fontconfig; it runs headless (this class sets {@code java.awt.headless=true} if nothing set it
 * before).
 *
 * <p>Deterministic for a given JDK and font set. Cost: a copy to and from a {@link BufferedImage}
 * plus the text, a few ms per megapixel. Stateless.
 */
public final class CaptionOverlay {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private CaptionOverlay() {}

  /**
   * Draws {@code text} on a copy of the image.
   *
   * @param image the image
   * @param text the caption, one line
   * @return a new image of the same size
   */
  public static RgbImage draw(RgbImage image, String text) {
    BufferedImage canvas = image.toBufferedImage();
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      int w = image.width();
      int h = image.height();
      int size = Math.max(6, h / 10);
      Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
      FontMetrics metrics = g.getFontMetrics(font);
      int textWidth = metrics.stringWidth(text);
      if (textWidth > w * 0.9 && textWidth > 0) {
        font = font.deriveFont((float) Math.max(4, size * w * 0.9 / textWidth));
        metrics = g.getFontMetrics(font);
        textWidth = metrics.stringWidth(text);
      }
      g.setFont(font);
      int x = (w - textWidth) / 2;
      int y = h - Math.max(2, h / 20) - metrics.getDescent();
      int outline = Math.max(1, font.getSize() / 12);
      g.setColor(Color.BLACK);
      for (int dx = -outline; dx <= outline; dx += outline) {
        for (int dy = -outline; dy <= outline; dy += outline) {
          g.drawString(text, x + dx, y + dy);
        }
      }
      g.setColor(Color.WHITE);
      g.drawString(text, x, y);
    } finally {
      g.dispose();
    }
    return OpaqueRgbConverter.convert(canvas);
  }
}
