package io.hashstream.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import io.hashstream.code.HexCodes;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MedianThresholdTest {

  /**
   * Coefficient k is bit k of the reference's number, printed most significant digit first: with
   * values k, except 0 and 255 swapped, bits 128..254 and bit 0 are above the median 127.
   */
  @Test
  void coefficientKIsBitKOfTheReferenceNumber() {
    float[] coefficients = new float[256];
    for (int k = 0; k < 256; k++) {
      coefficients[k] = k;
    }
    coefficients[0] = 255;
    coefficients[255] = 0;

    String hex = hexOf(coefficients);

    assertThat(hex).isEqualTo("7fff" + "ffff".repeat(7) + "0000".repeat(7) + "0001");
  }

  @Test
  void theThresholdIsTheLowerMiddleValueNotTheUpperOne() {
    float[] coefficients = new float[256];
    for (int k = 0; k < 256; k++) {
      coefficients[k] = k < 128 ? -1f : 1f;
    }
    coefficients[7] = 0.5f; // now 127 values are -1, so the 128th smallest is 0.5

    long[] code = new long[4];
    MedianThreshold.pack(coefficients, new float[256], code, 0);

    assertThat(Arrays.stream(code).map(Long::bitCount).sum()).isEqualTo(128);
    assertThat(hexOf(coefficients)).isEqualTo("ffff".repeat(8) + "0000".repeat(8));
  }

  @Test
  void equalValuesSetNoBit() {
    assertThat(hexOf(new float[256])).isEqualTo("0".repeat(64));
  }

  @Test
  void aSetBitMeansStrictlyAboveTheMedianForSeededValues() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 100; trial++) {
      float[] coefficients = new float[256];
      for (int k = 0; k < 256; k++) {
        // few distinct values, so ties at the median are common
        coefficients[k] = random.nextInt(trial % 2 == 0 ? 9 : 1000) - 4;
      }
      float[] sorted = coefficients.clone();
      Arrays.sort(sorted);
      float median = sorted[127];
      long[] code = new long[4];
      MedianThreshold.pack(coefficients, new float[256], code, 0);

      for (int k = 0; k < 256; k++) {
        boolean set = (code[3 - k / 64] >>> (k % 64) & 1) != 0;
        assertThat(set).as("coefficient %d", k).isEqualTo(coefficients[k] > median);
      }
    }
  }

  private static String hexOf(float[] coefficients) {
    long[] code = new long[4];
    MedianThreshold.pack(coefficients, new float[256], code, 0);
    return HexCodes.encode(CodeLength.BITS_256, code, 0);
  }
}
