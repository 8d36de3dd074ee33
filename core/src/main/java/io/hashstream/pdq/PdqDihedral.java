package io.hashstream.pdq;

/**
 * The eight symmetries of a rectangle (the dihedral group of order 8), in the order of Meta's
 * reference implementation and of its hash-sharing tools. The hash of a variant approximates the
 * PDQ hash of the image turned that way, so a rotated or mirrored copy can be matched by hashing
 * the original once: {@link PdqHasher#hashDihedral} derives all eight from one DCT.
 *
 * <p>How: mirroring an axis multiplies the DCT coefficients of odd frequency along it (even index,
 * since index {@code u} is frequency {@code u + 1}) by −1, and swapping the axes transposes the
 * coefficients. Each variant is a transposition (or not) followed by a mirror of the rows, the
 * columns, or both. It is not exact: the blur and the decimation grid are not symmetric (an even
 * window reaches one pixel further right; cell centres are truncated), so the hash of a physically
 * turned image differs from the variant by a few bits, typically under 10.
 */
public enum PdqDihedral {
  /** The image as it is. */
  ORIGINAL(false, false, false),
  /** Rotated 90° counter-clockwise. */
  ROTATE_90(true, true, false),
  /** Rotated 180°. */
  ROTATE_180(false, true, true),
  /** Rotated 270° counter-clockwise (90° clockwise). */
  ROTATE_270(true, false, true),
  /** Mirrored top to bottom (about the horizontal, x, axis). */
  FLIP_X(false, true, false),
  /** Mirrored left to right (about the vertical, y, axis). */
  FLIP_Y(false, false, true),
  /**
   * Transposed: mirrored about the main diagonal (top-left to bottom-right), rows become columns.
   */
  FLIP_PLUS_1(true, false, false),
  /** Mirrored about the anti-diagonal (top-right to bottom-left). */
  FLIP_MINUS_1(true, true, true);

  private final boolean transpose;
  private final boolean mirrorRows;
  private final boolean mirrorColumns;

  PdqDihedral(boolean transpose, boolean mirrorRows, boolean mirrorColumns) {
    this.transpose = transpose;
    this.mirrorRows = mirrorRows;
    this.mirrorColumns = mirrorColumns;
  }

  /**
   * Whether the variant swaps width and height.
   *
   * @return true for the two rotations by 90° and the two diagonal flips
   */
  public boolean swapsAxes() {
    return transpose;
  }

  /**
   * The coefficients of this variant from those of the original.
   *
   * @param original 16×16 DCT coefficients, row-major; not modified
   * @param out receives the variant's 16×16 coefficients; must not be {@code original}
   */
  void apply(float[] original, float[] out) {
    int n = PdqDct.SIZE;
    for (int u = 0; u < n; u++) {
      boolean negateRow = mirrorRows && (u & 1) == 0;
      for (int v = 0; v < n; v++) {
        boolean negate = negateRow ^ (mirrorColumns && (v & 1) == 0);
        float c = transpose ? original[v * n + u] : original[u * n + v];
        out[u * n + v] = negate ? -c : c;
      }
    }
  }
}
