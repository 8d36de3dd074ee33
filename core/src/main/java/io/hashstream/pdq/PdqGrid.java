package io.hashstream.pdq;

/**
 * The 64×64 luminance grid PDQ hashes ({@link JaroszFilter#blurToGrid} makes it), and the quality
 * score read off it. Stateless, allocation-free.
 */
final class PdqGrid {
  /** The grid is {@code SIZE × SIZE}, row-major in a {@code float[SIZE * SIZE]}. */
  static final int SIZE = 64;

  /** Quality saturates here. */
  static final int MAX_QUALITY = 100;

  // Tuned by PDQ's authors: a quantised gradient sum of 90 per quality point, so that a sharp
  // photograph saturates at 100 and a flat or nearly flat image scores near 0.
  private static final int GRADIENT_SUM_PER_QUALITY_POINT = 90;

  private PdqGrid() {}

  /**
   * PDQ's quality: every vertical and horizontal neighbour difference on the grid, as a percentage
   * of full scale truncated to an integer (so that only steps of at least 2.55 grey levels count),
   * summed, divided by 90 and capped at 100. Float arithmetic in the reference's order: {@code
   * (int) ((u − v) · 100 / 255)}.
   *
   * @param grid the {@code 64 × 64} grid
   * @return 0 (flat) to 100
   */
  static int quality(float[] grid) {
    int gradientSum = 0;
    for (int i = 0; i < SIZE - 1; i++) {
      for (int j = 0; j < SIZE; j++) {
        gradientSum += percentStep(grid[i * SIZE + j], grid[(i + 1) * SIZE + j]);
      }
    }
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE - 1; j++) {
        gradientSum += percentStep(grid[i * SIZE + j], grid[i * SIZE + j + 1]);
      }
    }
    return Math.min(gradientSum / GRADIENT_SUM_PER_QUALITY_POINT, MAX_QUALITY);
  }

  private static int percentStep(float u, float v) {
    return Math.abs((int) ((u - v) * 100 / 255));
  }
}
