package io.hashstream.pdq;

import io.hashstream.image.RgbImage;
import java.awt.image.BufferedImage;

/**
 * Meta's PDQ perceptual hash (a clean-room implementation of the algorithm of
 * facebook/ThreatExchange {@code pdq/java}): luminance, a Jarosz tent blur, a 64×64 grid, its 16×16
 * low-frequency DCT, and one bit per coefficient above the median. See {@link PdqHash} for the
 * representation and the matching rules.
 *
 * <p><b>Exactness.</b> Every float operation happens in the reference's order, so for the same
 * pixels the hashes and the quality are bit-identical to the reference Java implementation's (the
 * parity test holds this on the reference's own test images). For the same file, pixels are the
 * same when decoded the same way: {@link #hash(BufferedImage)} reads pixels through {@link
 * BufferedImage#getRGB}, as the reference does, so an image from {@code ImageIO.read} hashes
 * exactly as the reference tool hashes the file. {@link #hash(RgbImage)} reads the packed pixels as
 * they are; an {@link RgbImage} made by {@link RgbImage#fromBufferedImage} differs from {@code
 * getRGB} for greyscale files ({@code getRGB} converts Java's linear grey to sRGB, brightening
 * mid-greys; {@code RgbImage} keeps the stored value, as PIL does) and for translucent pixels
 * (composited on white): the five grey demo photos hash 6–22 bits away from the reference, still
 * within {@link PdqHash#DEFAULT_MATCH_RADIUS}; colour files hash identically. No EXIF orientation
 * is applied here: decode upright images if uploads should match regardless of the orientation tag,
 * or use {@link #hashDihedral}.
 *
 * <p><b>Cost.</b> Linear in the pixels: luminance, three full box passes and one over 64 columns,
 * each a few float operations and one division per pixel, then a fixed 0.2 M float operations for
 * the DCT. Measured on one thread of a shared 2-core machine ({@code ./hashstream bench-pdq},
 * {@code benchmarks/results/pdq.json}): 21 ms for a 1600×1004 photo, 3.9 ms for 512×512, 0.2 ms for
 * 160×100, i.e. 13–15 ms per megapixel, about as long as the bundled encoder takes per image;
 * {@link #hashDihedral} adds about 40 µs for the seven extra variants. Besides the result (and a
 * 16-byte row reader) nothing is allocated once the buffers have grown to the image size.
 *
 * <p><b>Memory and threads.</b> An instance keeps scratch buffers between calls: 8 bytes per pixel
 * of the largest image hashed so far (two float planes), up to {@link #RETAINED_PIXELS_MAX}; a
 * larger image gets buffers that are dropped after the call. It is therefore <em>not</em> for
 * concurrent use: give each thread (each Flink subtask) its own instance. Construction costs a few
 * small arrays; the DCT matrix is a shared constant.
 */
public final class PdqHasher {
  /**
   * The largest image, in pixels, whose scratch buffers (32 MiB at this size) are kept for the next
   * call. Beyond it buffers are allocated per call, so one huge upload does not pin its memory.
   */
  public static final int RETAINED_PIXELS_MAX = 1 << 22;

  // ITU-R BT.601 luma weights, as float, summed left to right like the reference.
  private static final float LUMA_RED = 0.299f;
  private static final float LUMA_GREEN = 0.587f;
  private static final float LUMA_BLUE = 0.114f;

  private static final float[] NO_PIXELS = new float[0];

  private int[] row = new int[0];
  private float[] laneSums = new float[PdqGrid.SIZE];
  private float[] luma = NO_PIXELS;
  private float[] blurScratch = NO_PIXELS;
  private final float[] grid = new float[PdqGrid.SIZE * PdqGrid.SIZE];
  private final float[] dctTemp = new float[PdqDct.SIZE * PdqGrid.SIZE];
  private final float[] coefficients = new float[MedianThreshold.BITS];
  private final float[] variant = new float[MedianThreshold.BITS];
  private final float[] sortScratch = new float[MedianThreshold.BITS];
  private final long[] code = new long[MedianThreshold.WORDS];

  /** Creates a hasher with empty buffers; they grow on first use. */
  public PdqHasher() {}

  /**
   * Hashes packed RGB pixels.
   *
   * @param image the image, any size
   * @return its hash and quality
   */
  public PdqHash hash(RgbImage image) {
    return pack(transform(image.height(), image.width(), rowsOf(image)));
  }

  /**
   * Hashes an image as the reference implementation does, reading each pixel through {@link
   * BufferedImage#getRGB} (the colour model's conversion to sRGB; alpha is ignored).
   *
   * @param image the image, e.g. from {@code ImageIO.read}; not modified
   * @return its hash and quality
   */
  public PdqHash hash(BufferedImage image) {
    return pack(transform(image.getHeight(), image.getWidth(), rowsOf(image)));
  }

  /**
   * Hashes packed RGB pixels and derives the seven other {@link PdqDihedral} variants from the same
   * DCT.
   *
   * @param image the image, any size
   * @return the eight hashes and the quality
   */
  public PdqDihedralHashes hashDihedral(RgbImage image) {
    return packDihedral(transform(image.height(), image.width(), rowsOf(image)));
  }

  /**
   * {@link #hashDihedral(RgbImage)} reading pixels through {@link BufferedImage#getRGB}, as {@link
   * #hash(BufferedImage)} does.
   *
   * @param image the image; not modified
   * @return the eight hashes and the quality
   */
  public PdqDihedralHashes hashDihedral(BufferedImage image) {
    return packDihedral(transform(image.getHeight(), image.getWidth(), rowsOf(image)));
  }

  /** Copies row {@code y} of an image into {@code dst[0..width)} as {@code 0x??RRGGBB}. */
  @FunctionalInterface
  private interface RowReader {
    void read(int y, int[] dst);
  }

  private static RowReader rowsOf(RgbImage image) {
    return (y, dst) -> image.copyRow(y, dst, 0);
  }

  private static RowReader rowsOf(BufferedImage image) {
    int cols = image.getWidth();
    // Row-wise getRGB converts each pixel exactly as getRGB(x, y) does, with less call overhead.
    return (y, dst) -> image.getRGB(0, y, cols, 1, dst, 0, cols);
  }

  /**
   * Luminance, blur, grid and DCT into {@link #coefficients}; returns the quality. Drops buffers
   * beyond {@link #RETAINED_PIXELS_MAX} afterwards, whether or not it completes.
   */
  private int transform(int rows, int cols, RowReader pixels) {
    try {
      reserve(rows, cols);
      for (int y = 0; y < rows; y++) {
        pixels.read(y, row);
        toLuma(row, luma, y * cols, cols);
      }
      JaroszFilter.blurToGrid(luma, blurScratch, laneSums, rows, cols, grid);
      PdqDct.transform(grid, dctTemp, coefficients);
      return PdqGrid.quality(grid);
    } finally {
      releaseIfLarge();
    }
  }

  private static void toLuma(int[] rgb, float[] out, int offset, int n) {
    for (int x = 0; x < n; x++) {
      int p = rgb[x];
      out[offset + x] =
          LUMA_RED * ((p >> 16) & 0xFF) + LUMA_GREEN * ((p >> 8) & 0xFF) + LUMA_BLUE * (p & 0xFF);
    }
  }

  private PdqHash pack(int quality) {
    MedianThreshold.pack(coefficients, sortScratch, code, 0);
    return PdqHash.of(code, 0, quality);
  }

  private PdqDihedralHashes packDihedral(int quality) {
    PdqDihedral[] variants = PdqDihedral.values();
    long[] codes = new long[variants.length * MedianThreshold.WORDS];
    for (PdqDihedral d : variants) {
      d.apply(coefficients, variant);
      MedianThreshold.pack(variant, sortScratch, codes, d.ordinal() * MedianThreshold.WORDS);
    }
    return new PdqDihedralHashes(codes, quality);
  }

  private void reserve(int rows, int cols) {
    // max(cols, 64): the last blur pass works on a rows × 64 block (see JaroszFilter#blurToGrid)
    int pixels = Math.multiplyExact(rows, Math.max(cols, PdqGrid.SIZE));
    if (luma.length < pixels) {
      luma = new float[pixels];
      blurScratch = new float[pixels];
    }
    if (row.length < cols) {
      row = new int[cols];
    }
    if (laneSums.length < Math.max(cols, PdqGrid.SIZE)) {
      laneSums = new float[Math.max(cols, PdqGrid.SIZE)];
    }
  }

  private void releaseIfLarge() {
    if (luma.length > RETAINED_PIXELS_MAX) {
      luma = NO_PIXELS;
      blurScratch = NO_PIXELS;
    }
  }
}
