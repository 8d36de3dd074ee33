package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HammingTest {
  @ParameterizedTest
  @EnumSource(CodeLength.class)
  void countsTheDifferingBits(CodeLength length) {
    int words = length.words();
    long[] codes = CodeFixtures.uniform(length, 40, 2);
    for (int a = 0; a < 40; a++) {
      for (int b = 0; b < 40; b++) {
        int expected = 0;
        for (int bit = 0; bit < length.bits(); bit++) {
          boolean x = PackedCodes.bit(length, codes, a * words, bit);
          boolean y = PackedCodes.bit(length, codes, b * words, bit);
          expected += x != y ? 1 : 0;
        }
        assertThat(Hamming.distance(length, codes, a * words, codes, b * words))
            .isEqualTo(expected);
        assertThat(Hamming.equal(codes, a * words, codes, b * words, words))
            .isEqualTo(expected == 0);
      }
    }
    assertThat(Hamming.distance(0b1011L, 0b0110L)).isEqualTo(3);
  }
}
