package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodeBytesTest {
  @Test
  void roundTripsEveryLength() {
    SplittableRandom random = new SplittableRandom(7);
    for (CodeLength length : CodeLength.values()) {
      long[] code = new long[length.words()];
      for (int w = 0; w < code.length; w++) {
        code[w] = random.nextLong() & (length.words() == 1 ? length.wordMask() : -1L);
      }
      byte[] bytes = CodeBytes.encode(length, code, 0);
      assertThat(bytes).hasSize(length.bits() / 8);
      assertThat(CodeBytes.decode(bytes)).containsExactly(code);
    }
  }

  @Test
  void bitZeroIsTheHighBitOfByteZero() {
    long[] code = new long[CodeLength.ofBits(64).words()];
    PackedCodes.setBit(CodeLength.ofBits(64), code, 0, 0);
    assertThat(CodeBytes.encode(CodeLength.ofBits(64), code, 0)[0]).isEqualTo((byte) 0x80);
  }

  @Test
  void refusesAnUnsupportedByteCount() {
    assertThatThrownBy(() -> CodeBytes.decode(new byte[3])).isInstanceOf(IllegalArgumentException.class);
  }
}
