package io.hashstream.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PdqDctTest {
  private static final int N = 64;

  @Test
  void coefficientsAreTheDctTwoFrequenciesOneToSixteen() {
    float[] grid = randomGrid(1);

    float[] coefficients = transform(grid);

    for (int u = 0; u < 16; u++) {
      for (int v = 0; v < 16; v++) {
        double sum = 0;
        for (int r = 0; r < N; r++) {
          for (int c = 0; c < N; c++) {
            sum +=
                grid[r * N + c]
                    * Math.cos(Math.PI * (u + 1) * (2 * r + 1) / (2 * N))
                    * Math.cos(Math.PI * (v + 1) * (2 * c + 1) / (2 * N));
          }
        }
        assertThat(coefficients[u * 16 + v])
            .as("u %d v %d", u, v)
            .isCloseTo((float) (sum * 2 / N), within(2e-3f));
      }
    }
  }

  /**
   * On the grid itself the symmetries are exact: the DCT of the turned grid equals the variant
   * derived from the DCT of the original (up to float rounding).
   */
  @ParameterizedTest
  @EnumSource(PdqDihedral.class)
  void eachVariantIsTheDctOfTheTurnedGrid(PdqDihedral variant) {
    float[] grid = randomGrid(2);
    float[] turned = new float[N * N];
    for (int r = 0; r < N; r++) {
      for (int c = 0; c < N; c++) {
        turned[r * N + c] = grid[source(variant, r, c)];
      }
    }
    float[] derived = new float[256];

    variant.apply(transform(grid), derived);

    float[] direct = transform(turned);
    for (int k = 0; k < 256; k++) {
      assertThat(derived[k]).as("coefficient %d", k).isCloseTo(direct[k], within(1e-2f));
    }
  }

  /** Where output pixel (r, c) of the turned square grid comes from; geometry per the javadoc. */
  private static int source(PdqDihedral variant, int r, int c) {
    int last = N - 1;
    return switch (variant) {
      case ORIGINAL -> r * N + c;
      case ROTATE_90 -> c * N + (last - r); // counter-clockwise: the top row came from the right
      case ROTATE_180 -> (last - r) * N + (last - c);
      case ROTATE_270 -> (last - c) * N + r; // clockwise: the top row came from the left
      case FLIP_X -> (last - r) * N + c;
      case FLIP_Y -> r * N + (last - c);
      case FLIP_PLUS_1 -> c * N + r;
      case FLIP_MINUS_1 -> (last - c) * N + (last - r);
    };
  }

  private static float[] transform(float[] grid) {
    float[] coefficients = new float[256];
    PdqDct.transform(grid, new float[16 * N], coefficients);
    return coefficients;
  }

  private static float[] randomGrid(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] grid = new float[N * N];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) (random.nextDouble() * 255);
    }
    return grid;
  }
}
