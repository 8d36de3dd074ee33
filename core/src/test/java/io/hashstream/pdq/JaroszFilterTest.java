package io.hashstream.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JaroszFilterTest {

  /** Against a plain mean over the clipped window {@code [o − lag, o + lead − 1]}. */
  @Test
  void aBoxIsTheMeanOfTheClippedWindow() {
    SplittableRandom random = new SplittableRandom(11);
    for (int window = 1; window <= 6; window++) {
      for (int length = window; length <= 30; length++) {
        float[] in = randomValues(random, length);
        float[] out = new float[length];

        boxLine(in, out, window);

        int lead = (window + 2) / 2;
        int lag = window - lead;
        for (int o = 0; o < length; o++) {
          double sum = 0;
          int n = 0;
          for (int i = Math.max(0, o - lag); i <= Math.min(length - 1, o + lead - 1); i++) {
            sum += in[i];
            n++;
          }
          assertThat(out[o])
              .as("window %d length %d output %d", window, length, o)
              .isCloseTo((float) (sum / n), within(1e-3f));
        }
      }
    }
  }

  @Test
  void anOddWindowIsCentredAndAnEvenOneReachesFurtherRight() {
    float[] impulse = new float[9];
    impulse[4] = 12f;
    float[] odd = new float[9];
    float[] even = new float[9];

    boxLine(impulse, odd, 3);
    boxLine(impulse, even, 4);

    assertThat(odd).containsExactly(0, 0, 0, 4, 4, 4, 0, 0, 0);
    // output o sees inputs o-1 .. o+2, so the impulse at 4 reaches outputs 2..5
    assertThat(even).containsExactly(0, 0, 3, 3, 3, 3, 0, 0, 0);
  }

  /** Advancing all columns together must give each column exactly what a 1-D pass would. */
  @Test
  void theVerticalPassIsBitIdenticalToFilteringEachColumnAlone() {
    SplittableRandom random = new SplittableRandom(5);
    int rows = 301;
    int cols = 7;
    float[] image = randomValues(random, rows * cols);
    float[] out = new float[rows * cols];
    int window = JaroszFilter.windowSize(rows);

    JaroszFilter.box(image, out, new float[cols], 0, cols, 1, rows, cols, window);

    for (int c = 0; c < cols; c++) {
      float[] column = new float[rows];
      for (int r = 0; r < rows; r++) {
        column[r] = image[r * cols + c];
      }
      float[] expected = new float[rows];
      boxLine(column, expected, window);
      for (int r = 0; r < rows; r++) {
        assertThat(Float.floatToIntBits(out[r * cols + c]))
            .as("row %d column %d", r, c)
            .isEqualTo(Float.floatToIntBits(expected[r]));
      }
    }
  }

  /** Against the straightforward order: whole passes, one line at a time, then decimation. */
  @Test
  void theGridIsBitIdenticalToFullPassesOneLineAtATimeThenSampling() {
    SplittableRandom random = new SplittableRandom(8);
    int[][] sizes = {{1004, 1600}, {300, 451}, {37, 29}, {1, 1}, {130, 64}};
    for (int[] size : sizes) {
      int rows = size[0];
      int cols = size[1];
      float[] image = randomValues(random, rows * cols);
      float[] expected = referenceOrderGrid(image.clone(), rows, cols);
      float[] grid = new float[64 * 64];
      int room = rows * Math.max(cols, 64);

      JaroszFilter.blurToGrid(
          Arrays.copyOf(image, room),
          new float[room],
          new float[Math.max(cols, 64)],
          rows,
          cols,
          grid);

      for (int k = 0; k < grid.length; k++) {
        assertThat(Float.floatToIntBits(grid[k]))
            .as("%dx%d cell %d", cols, rows, k)
            .isEqualTo(Float.floatToIntBits(expected[k]));
      }
    }
  }

  @Test
  void aConstantImageGivesAConstantGrid() {
    int rows = 200;
    int cols = 300;
    float[] image = new float[rows * cols];
    Arrays.fill(image, 77.5f);
    float[] grid = new float[64 * 64];

    JaroszFilter.blurToGrid(image, new float[rows * cols], new float[cols], rows, cols, grid);

    for (float v : grid) {
      assertThat(v).isCloseTo(77.5f, within(1e-3f));
    }
  }

  private static float[] referenceOrderGrid(float[] image, int rows, int cols) {
    float[] scratch = new float[rows * cols];
    for (int pass = 0; pass < 2; pass++) {
      for (int r = 0; r < rows; r++) {
        float[] line = Arrays.copyOfRange(image, r * cols, (r + 1) * cols);
        float[] out = new float[cols];
        boxLine(line, out, JaroszFilter.windowSize(cols));
        System.arraycopy(out, 0, scratch, r * cols, cols);
      }
      for (int c = 0; c < cols; c++) {
        float[] line = new float[rows];
        for (int r = 0; r < rows; r++) {
          line[r] = scratch[r * cols + c];
        }
        float[] out = new float[rows];
        boxLine(line, out, JaroszFilter.windowSize(rows));
        for (int r = 0; r < rows; r++) {
          image[r * cols + c] = out[r];
        }
      }
    }
    float[] grid = new float[64 * 64];
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) {
        int row = (int) ((i + 0.5) * rows / 64);
        int col = (int) ((j + 0.5) * cols / 64);
        grid[i * 64 + j] = image[row * cols + col];
      }
    }
    return grid;
  }

  /** One line on its own: the order of operations of a one-line-at-a-time filter. */
  private static void boxLine(float[] in, float[] out, int window) {
    JaroszFilter.box(in, out, new float[1], 0, 1, 1, in.length, 1, window);
  }

  private static float[] randomValues(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 255);
    }
    return values;
  }
}
