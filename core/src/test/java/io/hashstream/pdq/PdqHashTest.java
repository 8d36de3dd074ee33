package io.hashstream.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeLength;
import io.hashstream.code.HexCodes;
import io.hashstream.code.PackedCodes;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PdqHashTest {
  private static final String BRIDGE_HEX =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  @Test
  void hexRoundTripsForSeededCodes() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      long[] code = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
      PdqHash hash = PdqHash.of(code, 0, random.nextInt(101));

      PdqHash parsed = PdqHash.fromHex(hash.hex(), hash.quality());

      assertThat(parsed).isEqualTo(hash);
      assertThat(parsed.code()).containsExactly(code);
    }
  }

  @Test
  void upperCaseIsAcceptedAndPrintedLowerCase() {
    PdqHash hash = PdqHash.fromHex(BRIDGE_HEX.toUpperCase(Locale.ROOT), 100);

    assertThat(hash.hex()).isEqualTo(BRIDGE_HEX);
  }

  @Test
  void theHexFormIsTheProjectsBitOrder() {
    PdqHash first = PdqHash.fromHex("8" + "0".repeat(63), 100);
    PdqHash last = PdqHash.fromHex("0".repeat(63) + "1", 100);

    assertThat(PackedCodes.bit(CodeLength.BITS_256, first.code(), 0, 0)).isTrue();
    assertThat(first.code()).containsExactly(Long.MIN_VALUE, 0, 0, 0);
    assertThat(last.code()).containsExactly(0, 0, 0, 1);
    assertThat(HexCodes.encode(CodeLength.BITS_256, PdqHash.fromHex(BRIDGE_HEX, 0).code(), 0))
        .isEqualTo(BRIDGE_HEX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b2",
        "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b220",
        " f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
        "0xf8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
      })
  void aWrongLengthIsRejectedNamingIt(String hex) {
    assertThatThrownBy(() -> PdqHash.fromHex(hex, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly 64 hex digits");
  }

  @Test
  void aNonHexCharacterIsRejectedNamingItsPosition() {
    String withG = "f8f8f0cee0f4a84g" + BRIDGE_HEX.substring(16);
    String withArabicThree = "\u0663" + BRIDGE_HEX.substring(1);
    String withSpace = BRIDGE_HEX.substring(0, 63) + " ";

    assertThatThrownBy(() -> PdqHash.fromHex(withG, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("character 15 is 'g'");
    assertThatThrownBy(() -> PdqHash.fromHex(withArabicThree, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("character 0 is");
    assertThatThrownBy(() -> PdqHash.fromHex(withSpace, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("character 63 is ' '");
    assertThatThrownBy(() -> PdqHash.fromHex(null, 100)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void qualityMustBeZeroToOneHundred() {
    assertThatThrownBy(() -> PdqHash.fromHex(BRIDGE_HEX, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..100");
    assertThatThrownBy(() -> PdqHash.of(new long[4], 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PdqHash.of(new long[4], 0, 49).isUseful()).isFalse();
    assertThat(PdqHash.of(new long[4], 0, 50).isUseful()).isTrue();
  }

  @Test
  void distanceCountsDifferingBitsAndIgnoresQuality() {
    PdqHash a = PdqHash.fromHex(BRIDGE_HEX, 100);
    long[] code = a.code();
    code[0] ^= 1L << 63;
    code[2] ^= 0b1011;
    code[3] ^= Long.MIN_VALUE;
    PdqHash b = PdqHash.of(code, 0, 10);

    assertThat(a.distance(b)).isEqualTo(5).isEqualTo(b.distance(a));
    assertThat(a.distance(a)).isZero();
    assertThat(
            PdqHash.of(new long[4], 0, 0).distance(PdqHash.of(new long[] {-1, -1, -1, -1}, 0, 0)))
        .isEqualTo(256);
  }

  @Test
  void copyToWritesFourWordsAtTheOffsetAndChecksBounds() {
    PdqHash hash = PdqHash.fromHex(BRIDGE_HEX, 100);
    long[] dst = new long[6];

    hash.copyTo(dst, 1);

    assertThat(dst).startsWith(0L).endsWith(0L);
    assertThat(PdqHash.of(dst, 1, 100)).isEqualTo(hash);
    assertThatThrownBy(() -> hash.copyTo(dst, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> PdqHash.of(dst, 3, 100)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theMatchingConstantsAreMetasRecommendations() {
    assertThat(PdqHash.DEFAULT_MATCH_RADIUS).isEqualTo(31);
    assertThat(PdqHash.MIN_USEFUL_QUALITY).isEqualTo(50);
    assertThat(PdqHash.CODE_LENGTH.bits()).isEqualTo(256);
  }
}
