package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodeLengthTest {
  @Test
  void describesThePacking() {
    assertThat(CodeLength.BITS_16.words()).isEqualTo(1);
    assertThat(CodeLength.BITS_64.words()).isEqualTo(1);
    assertThat(CodeLength.BITS_128.words()).isEqualTo(2);
    assertThat(CodeLength.BITS_256.words()).isEqualTo(4);
    assertThat(CodeLength.BITS_32.hexChars()).isEqualTo(8);
    assertThat(CodeLength.BITS_32.wordMask()).isEqualTo(0xffffffffL);
    assertThat(CodeLength.BITS_128.wordMask()).isEqualTo(-1L);
    assertThat(CodeLength.BITS_16.isValid(new long[] {0x1_0000L}, 0)).isFalse();
    assertThat(CodeLength.ofBits(256)).isEqualTo(CodeLength.BITS_256);
    assertThatThrownBy(() -> CodeLength.ofBits(48)).isInstanceOf(IllegalArgumentException.class);
  }
}
