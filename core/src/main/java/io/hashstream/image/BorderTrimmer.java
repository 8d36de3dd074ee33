package io.hashstream.image;

import java.util.Arrays;

/**
 * Removes uniform-colour margins (letterbox and pillarbox bars, padding, a frame of one colour)
 * before an image is hashed, so that a padded copy and its original hash from the same content.
 *
 * <p><b>Rule.</b> Each side is scanned from the edge inwards. Its border colour is the per-channel
 * median of its outermost line, and a line is margin while all but {@link
 * BorderTrimConfig#outlierFraction()} of its pixels are within {@link
 * BorderTrimConfig#channelTolerance()} of that colour in every channel; the first other line is
 * content. Top and bottom are measured across the kept columns, then left and right across the kept
 * rows, in rounds until nothing changes, so each side may have its own colour and bars of another
 * colour in the corners (a windowbox) do not hide a margin. A side whose outermost line is not
 * uniform has no margin.
 *
 * <p><b>Never too much.</b> A round that would leave less than {@link
 * BorderTrimConfig#minKeptFraction()} of the original height trims nothing vertically; likewise for
 * the width. So an image of one colour (every line uniform) comes back unchanged, as does a small
 * detail on a large blank field. Content that is itself uniform at the edge (a flat sky, a studio
 * background) is trimmed like a margin; since a copy is trimmed the same way, matching is not hurt.
 *
 * <p><b>Lossy copies.</b> After JPEG compression the pixels next to a bar's edge ring, so the cut
 * lands at the edge of the 8- or 16-pixel block that holds it: a few pixels of bar may be kept, and
 * a bar thinner than a block may be kept whole.
 *
 * <p><b>Cost.</b> Reads the margin lines plus one line per side per round (usually one or two
 * rounds), and copies the kept rectangle (nothing when nothing is trimmed); allocates one 768-entry
 * histogram per call. Immutable; safe from any thread.
 */
public final class BorderTrimmer {
  private final BorderTrimConfig config;

  /**
   * Creates a trimmer.
   *
   * @param config the tolerances
   */
  public BorderTrimmer(BorderTrimConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config is required");
    }
    this.config = config;
  }

  /**
   * A trimmer with {@link BorderTrimConfig#defaults()}.
   *
   * @return the trimmer
   */
  public static BorderTrimmer withDefaults() {
    return new BorderTrimmer(BorderTrimConfig.defaults());
  }

  /**
   * The image without its margins.
   *
   * @param image the image
   * @return the content rectangle as a new image, or {@code image} itself when there is no margin
   *     to trim
   */
  public RgbImage trim(RgbImage image) {
    Content c = content(image);
    return c.isWhole(image) ? image : image.crop(c.left(), c.top(), c.width(), c.height());
  }

  /**
   * Where the content is, without copying it.
   *
   * @param image the image
   * @return the rectangle {@link #trim} keeps; the whole image when there is no margin
   */
  public Content content(RgbImage image) {
    int w = image.width();
    int h = image.height();
    int[] px = image.data();
    int[] histogram = new int[3 * 256];
    // The kept rectangle is [left, right) × [top, bottom). Rows are measured across the kept
    // columns and columns across the kept rows; rounds repeat until nothing changes, because bars
    // of another colour in the corners (a windowbox) hide a side's margin until they are gone.
    int left = 0;
    int top = 0;
    int right = w;
    int bottom = h;
    boolean changed = true;
    while (changed) {
      changed = false;
      int width = right - left;
      int rows = bottom - top;
      int fromTop = marginLines(px, top * w + left, w, rows, 1, width, histogram);
      int fromBottom = marginLines(px, (bottom - 1) * w + left, -w, rows, 1, width, histogram);
      if ((fromTop > 0 || fromBottom > 0) && keepsEnough(h, rows - fromTop - fromBottom)) {
        top += fromTop;
        bottom -= fromBottom;
        rows = bottom - top;
        changed = true;
      }
      int fromLeft = marginLines(px, top * w + left, 1, width, w, rows, histogram);
      int fromRight = marginLines(px, top * w + right - 1, -1, width, w, rows, histogram);
      if ((fromLeft > 0 || fromRight > 0) && keepsEnough(w, width - fromLeft - fromRight)) {
        left += fromLeft;
        right -= fromRight;
        changed = true;
      }
    }
    return new Content(left, top, right - left, bottom - top);
  }

  /** Whether {@code kept} of an axis of {@code size} pixels satisfies the minimum kept fraction. */
  private boolean keepsEnough(int size, int kept) {
    return kept >= 1 && kept >= config.minKeptFraction() * size;
  }

  /**
   * Counts margin lines from one edge. Line {@code k} starts at {@code first + k * lineStep} and
   * has {@code length} pixels {@code pixelStep} apart; at most {@code lines} lines are examined.
   */
  private int marginLines(
      int[] px, int first, int lineStep, int lines, int pixelStep, int length, int[] histogram) {
    int border = medianColour(px, first, pixelStep, length, histogram);
    int outliersAllowed = (int) (config.outlierFraction() * length);
    int tolerance = config.channelTolerance();
    for (int k = 0; k < lines; k++) {
      int start = first + k * lineStep;
      int outliers = 0;
      for (int i = 0; i < length && outliers <= outliersAllowed; i++) {
        if (channelDistance(px[start + i * pixelStep], border) > tolerance) {
          outliers++;
        }
      }
      if (outliers > outliersAllowed) {
        return k;
      }
    }
    return lines;
  }

  /** The per-channel median of one line, so specks and noise do not pick the border colour. */
  private static int medianColour(int[] px, int start, int pixelStep, int length, int[] histogram) {
    Arrays.fill(histogram, 0);
    for (int i = 0; i < length; i++) {
      int p = px[start + i * pixelStep];
      histogram[(p >> 16) & 0xFF]++;
      histogram[256 + ((p >> 8) & 0xFF)]++;
      histogram[512 + (p & 0xFF)]++;
    }
    int middle = length / 2;
    return RgbImage.pack(
        rank(histogram, 0, middle), rank(histogram, 256, middle), rank(histogram, 512, middle));
  }

  private static int rank(int[] histogram, int offset, int rank) {
    int seen = 0;
    for (int v = 0; v < 256; v++) {
      seen += histogram[offset + v];
      if (seen > rank) {
        return v;
      }
    }
    throw new AssertionError("rank " + rank + " beyond the histogram");
  }

  private static int channelDistance(int a, int b) {
    int dr = Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF));
    int dg = Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF));
    int db = Math.abs((a & 0xFF) - (b & 0xFF));
    return Math.max(dr, Math.max(dg, db));
  }

  /**
   * The content rectangle of an image.
   *
   * @param left first kept column
   * @param top first kept row
   * @param width kept columns, at least 1
   * @param height kept rows, at least 1
   */
  public record Content(int left, int top, int width, int height) {

    /**
     * Whether the rectangle is the whole image, i.e. nothing is trimmed.
     *
     * @param image the image the rectangle was found in
     * @return true if it covers every pixel
     */
    public boolean isWhole(RgbImage image) {
      return left == 0 && top == 0 && width == image.width() && height == image.height();
    }
  }
}
