package io.hashstream.pdq;

import java.util.Arrays;

/**
 * The part of the 64×64 DCT-II that PDQ keeps: frequencies 1..16 along each axis (the DC term and
 * everything above 16 are dropped), as {@code B = D · A · Dᵀ} with the 16×64 matrix {@code D[u][k]
 * = sqrt(2/64) · cos(π/128 · (u + 1) · (2k + 1))}. Coefficient {@code B[u][v]} is vertical
 * frequency {@code u + 1} by horizontal frequency {@code v + 1}.
 *
 * <p>Computing only the 16 needed rows of {@code D} costs 2 · 16 · 64 · 64 + 2 · 16 · 16 · 64 ≈
 * 164k float operations, less than a fast full transform followed by a crop. Every output is a
 * float sum over {@code k} in increasing order, as in the reference, so results are bit-identical
 * to it. Stateless (the matrix is an immutable constant); allocation-free.
 */
final class PdqDct {
  /** Coefficients kept per axis. */
  static final int SIZE = 16;

  private static final int N = PdqGrid.SIZE;

  /** {@code D}, row-major 16×64. Never written after class initialisation. */
  private static final float[] MATRIX = matrix();

  private PdqDct() {}

  private static float[] matrix() {
    // The scale is rounded to float before it multiplies the cosine, as the reference does, so the
    // entries are the reference's to the last bit. (The double sqrt(2/64) changes no hash of the
    // parity fixture, but bit-identity would then hold only by luck for near-median coefficients.)
    float scale = (float) Math.sqrt(2.0 / N);
    float[] d = new float[SIZE * N];
    for (int u = 0; u < SIZE; u++) {
      for (int k = 0; k < N; k++) {
        d[u * N + k] = (float) (scale * Math.cos(Math.PI / (2 * N) * (u + 1) * (2 * k + 1)));
      }
    }
    return d;
  }

  /**
   * Transforms the grid.
   *
   * @param grid 64×64, row-major; not modified
   * @param temp at least 16 · 64 floats; overwritten with {@code D · A}
   * @param coefficients receives 16×16, row-major
   */
  static void transform(float[] grid, float[] temp, float[] coefficients) {
    // temp = D · A. Loop order u, k, j so the inner loop streams a grid row; each temp[u][j] still
    // accumulates k = 0..63 in order from 0.
    Arrays.fill(temp, 0, SIZE * N, 0f);
    for (int u = 0; u < SIZE; u++) {
      int tRow = u * N;
      for (int k = 0; k < N; k++) {
        float d = MATRIX[u * N + k];
        int aRow = k * N;
        for (int j = 0; j < N; j++) {
          temp[tRow + j] += d * grid[aRow + j];
        }
      }
    }
    // coefficients = temp · Dᵀ: dot products of rows.
    for (int u = 0; u < SIZE; u++) {
      for (int v = 0; v < SIZE; v++) {
        float sum = 0f;
        for (int k = 0; k < N; k++) {
          sum += temp[u * N + k] * MATRIX[v * N + k];
        }
        coefficients[u * SIZE + v] = sum;
      }
    }
  }
}
