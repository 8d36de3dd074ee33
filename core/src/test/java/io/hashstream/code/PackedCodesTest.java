package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PackedCodesTest {
  @ParameterizedTest
  @EnumSource(CodeLength.class)
  void growsAndReadsBackEveryCode(CodeLength length) {
    int words = length.words();
    long[] source = CodeFixtures.uniform(length, 1000, 3);
    PackedCodes codes = new PackedCodes(length, 1);
    for (int i = 0; i < 1000; i++) {
      assertThat(codes.add(source, i * words)).isEqualTo(i);
    }

    assertThat(codes.size()).isEqualTo(1000);
    long[] out = new long[words];
    for (int i = 0; i < 1000; i++) {
      codes.copyTo(i, out, 0);
      for (int w = 0; w < words; w++) {
        assertThat(out[w]).isEqualTo(source[i * words + w]);
        assertThat(codes.word(i, w)).isEqualTo(source[i * words + w]);
        assertThat(codes.array()[codes.offset(i) + w]).isEqualTo(source[i * words + w]);
      }
    }
    codes.trim();
    assertThat(codes.footprintBytes()).isEqualTo(16 + 8L * 1000 * words);
    codes.clear();
    assertThat(codes.size()).isZero();
  }

  @Test
  void rejectsBitsAboveTheLengthAndOutOfRangeIndices() {
    PackedCodes codes = new PackedCodes(CodeLength.BITS_16, 4);
    assertThatThrownBy(() -> codes.add(0x10000L)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codes.add(new long[] {0x10000L}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codes.offset(0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new PackedCodes(CodeLength.BITS_128, 1).add(1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(codes.add(0xffffL)).isZero();
  }

  @ParameterizedTest
  @EnumSource(CodeLength.class)
  void packsSignsBitZeroFirst(CodeLength length) {
    float[] logits = new float[length.bits() + 2];
    logits[2] = 0.5f;
    logits[2 + 1] = -0.5f;
    logits[2 + length.bits() - 1] = 3f;
    logits[2 + 4] = Float.NaN;
    long[] code = new long[length.words()];

    PackedCodes.packSigns(logits, 2, length, code, 0);

    for (int bit = 0; bit < length.bits(); bit++) {
      assertThat(PackedCodes.bit(length, code, 0, bit))
          .as("bit %d", bit)
          .isEqualTo(bit == 0 || bit == length.bits() - 1);
    }
    assertThat(length.isValid(code, 0)).isTrue();
  }
}
