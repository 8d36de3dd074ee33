package io.hashstream.pdq;

import java.util.Arrays;

/**
 * PDQ's downsampling: Jarosz's approximation of a tent filter by repeated box filters (two passes
 * of a horizontal then a vertical box), with a window of {@code ceil(dimension / 128)} pixels per
 * axis so that two passes together span one 64th of the image, then one sample per cell of the
 * 64×64 grid.
 *
 * <p><b>Exactly the reference's floats.</b> A box is a running float sum, so rounding depends on
 * the order of the additions and subtractions; for every row and every column the loops below
 * perform the same sequence of float operations as the reference implementation, which is what
 * makes bit-identical hashes possible. They only interleave independent lines differently (see
 * {@link #box}), and the last vertical pass runs only on the 64 columns the grid samples.
 *
 * <p><b>Edges.</b> Output {@code o} is the mean of inputs {@code [o − lag, o + lead − 1]} clipped
 * to the line, where {@code lead = (window + 2) / 2} and {@code lag = window − lead} (an even
 * window reaches one pixel further right than left); near the ends the divisor is the number of
 * pixels actually summed, not the window, so edges are not darkened.
 *
 * <p><b>Grid.</b> Cell {@code (i, j)} takes the blurred pixel at row {@code (int) ((i + 0.5) · rows
 * / 64)}, column {@code (int) ((j + 0.5) · cols / 64)} (double arithmetic, truncated): the pixel
 * nearest the cell's centre.
 *
 * <p>Cost: three full box passes and one over 64 columns, about 3 float operations per pixel each;
 * no allocation. Stateless.
 */
final class JaroszFilter {
  /** The window is one 128th of the dimension: two passes then cover one 64th, a hash cell. */
  static final int WINDOW_DIVISOR = 128;

  /** Rows a horizontal pass filters together (independent running sums keep the FPU busy). */
  static final int ROW_BLOCK = 8;

  private static final int GRID = PdqGrid.SIZE;

  private JaroszFilter() {}

  /**
   * The box width along an axis.
   *
   * @param dimensionPixels the image's size along that axis, at least 1
   * @return {@code ceil(dimensionPixels / 128)}, at least 1
   */
  static int windowSize(int dimensionPixels) {
    return (dimensionPixels + WINDOW_DIVISOR - 1) / WINDOW_DIVISOR;
  }

  /**
   * The pixel a grid cell samples along one axis.
   *
   * @param cell 0 to 63
   * @param dimensionPixels the image's size along that axis
   * @return the row or column index
   */
  static int sampleIndex(int cell, int dimensionPixels) {
    return (int) ((cell + 0.5) * dimensionPixels / GRID);
  }

  /**
   * Blurs a row-major {@code rows × cols} image and samples the 64×64 grid.
   *
   * @param image the image; overwritten
   * @param scratch at least {@code rows * max(cols, 64)} floats; overwritten
   * @param sums at least {@code max(cols, 64)} floats; overwritten
   * @param grid receives 64×64 values, row-major
   */
  static void blurToGrid(
      float[] image, float[] scratch, float[] sums, int rows, int cols, float[] grid) {
    int horizontalWindow = windowSize(cols);
    int verticalWindow = windowSize(rows);
    boxRows(image, scratch, sums, rows, cols, horizontalWindow);
    box(scratch, image, sums, 0, cols, 1, rows, cols, verticalWindow);
    boxRows(image, scratch, sums, rows, cols, horizontalWindow);
    // Second vertical pass: the grid reads 64 columns, so gather them into a rows × 64 block
    // (reusing image) and filter only that; each column's operations are unchanged.
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < GRID; j++) {
        image[r * GRID + j] = scratch[r * cols + sampleIndex(j, cols)];
      }
    }
    box(image, scratch, sums, 0, GRID, 1, rows, GRID, verticalWindow);
    for (int i = 0; i < GRID; i++) {
      System.arraycopy(scratch, sampleIndex(i, rows) * GRID, grid, i * GRID, GRID);
    }
  }

  private static void boxRows(
      float[] in, float[] out, float[] sums, int rows, int cols, int window) {
    for (int r = 0; r < rows; r += ROW_BLOCK) {
      box(in, out, sums, r * cols, Math.min(ROW_BLOCK, rows - r), cols, cols, 1, window);
    }
  }

  /**
   * Box-filters {@code lanes} parallel lines of {@code length} elements, element {@code i} of lane
   * {@code l} being {@code in[base + l · laneStride + i · step]}, into the same positions of {@code
   * out}. Each lane gets exactly the float operations of a one-line filter; advancing all lanes
   * together hides the latency of the running sums (a horizontal pass runs a block of rows at once)
   * and reads memory in order (a vertical pass runs all columns at once). Needs {@code 1 <= window
   * <= length}, which {@link #windowSize} guarantees.
   *
   * @param sums at least {@code lanes} floats; overwritten
   */
  static void box(
      float[] in,
      float[] out,
      float[] sums,
      int base,
      int lanes,
      int laneStride,
      int length,
      int step,
      int window) {
    int lead = (window + 2) / 2;
    int lag = window - lead;
    Arrays.fill(sums, 0, lanes, 0f);
    for (int i = 0; i < lead - 1; i++) {
      add(sums, in, base + i * step, lanes, laneStride);
    }
    int count = lead - 1;
    // Growing: the window has not yet reached its full width on the left.
    for (int o = 0; o <= lag; o++) {
      add(sums, in, base + (o + lead - 1) * step, lanes, laneStride);
      count++;
      divide(sums, count, out, base + o * step, lanes, laneStride);
    }
    // Sliding: add the entering element first, then subtract the leaving one.
    for (int o = lag + 1; o <= length - lead; o++) {
      add(sums, in, base + (o + lead - 1) * step, lanes, laneStride);
      subtract(sums, in, base + (o - lag - 1) * step, lanes, laneStride);
      divide(sums, window, out, base + o * step, lanes, laneStride);
    }
    // Shrinking: the window runs off the far end.
    for (int o = length - lead + 1; o < length; o++) {
      subtract(sums, in, base + (o - lag - 1) * step, lanes, laneStride);
      count--;
      divide(sums, count, out, base + o * step, lanes, laneStride);
    }
  }

  // Each lane loop has a contiguous variant (the vertical pass) that C2 vectorises; the strided one
  // serves the row blocks of the horizontal pass.
  private static void add(float[] sums, float[] in, int offset, int lanes, int laneStride) {
    if (laneStride == 1) {
      for (int l = 0; l < lanes; l++) {
        sums[l] += in[offset + l];
      }
    } else {
      for (int l = 0; l < lanes; l++) {
        sums[l] += in[offset + l * laneStride];
      }
    }
  }

  private static void subtract(float[] sums, float[] in, int offset, int lanes, int laneStride) {
    if (laneStride == 1) {
      for (int l = 0; l < lanes; l++) {
        sums[l] -= in[offset + l];
      }
    } else {
      for (int l = 0; l < lanes; l++) {
        sums[l] -= in[offset + l * laneStride];
      }
    }
  }

  // Divides rather than multiplying by a reciprocal, which rounds differently from the reference.
  private static void divide(
      float[] sums, int count, float[] out, int offset, int lanes, int laneStride) {
    if (laneStride == 1) {
      for (int l = 0; l < lanes; l++) {
        out[offset + l] = sums[l] / count;
      }
    } else {
      for (int l = 0; l < lanes; l++) {
        out[offset + l * laneStride] = sums[l] / count;
      }
    }
  }
}
