package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HexCodesTest {
  @Test
  void encodesOneWordCodesAsTheirValueInLowerCase() {
    assertThat(HexCodes.encode(CodeLength.BITS_16, 0xabcdL)).isEqualTo("abcd");
    assertThat(HexCodes.encode(CodeLength.BITS_32, 0xfL)).isEqualTo("0000000f");
    assertThat(HexCodes.encode(CodeLength.BITS_64, -1L)).isEqualTo("ffffffffffffffff");
    assertThat(HexCodes.encode(CodeLength.BITS_64, new long[] {0x0123456789abcdefL}, 0))
        .isEqualTo("0123456789abcdef");
  }

  @Test
  void encodesLongCodesWordZeroFirst() {
    long[] code = {0x0123456789abcdefL, 0xfedcba9876543210L};
    assertThat(HexCodes.encode(CodeLength.BITS_128, code, 0))
        .isEqualTo("0123456789abcdeffedcba9876543210");
  }

  @ParameterizedTest
  @EnumSource(CodeLength.class)
  void theFirstHexDigitHoldsBitsZeroToThree(CodeLength length) {
    long[] code = new long[length.words()];
    PackedCodes.setBit(length, code, 0, 0);
    PackedCodes.setBit(length, code, 0, 3);
    PackedCodes.setBit(length, code, 0, length.bits() - 1);

    String hex = HexCodes.encode(length, code, 0);
    assertThat(hex).hasSize(length.hexChars()).startsWith("9").endsWith("1");
    assertThat(HexCodes.decode(hex)).containsExactly(code);
  }

  @ParameterizedTest
  @EnumSource(CodeLength.class)
  void roundTripsRandomCodes(CodeLength length) {
    long[] codes = CodeFixtures.uniform(length, 50, 1);
    for (int i = 0; i < 50; i++) {
      String hex = HexCodes.encode(length, codes, i * length.words());
      long[] decoded = new long[length.words() + 1];
      HexCodes.decode(hex.toUpperCase(java.util.Locale.ROOT), length, decoded, 1);
      assertThat(HexCodes.lengthOf(hex)).isEqualTo(length);
      for (int w = 0; w < length.words(); w++) {
        assertThat(decoded[1 + w]).isEqualTo(codes[i * length.words() + w]);
      }
    }
  }

  @Test
  void rejectsBadStrings() {
    assertThatThrownBy(() -> HexCodes.decode("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HexCodes.decode("abcg")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HexCodes.decode("abcd", CodeLength.BITS_32, new long[1], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HexCodes.encode(CodeLength.BITS_128, 1L))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
