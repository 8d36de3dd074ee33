package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import org.junit.jupiter.api.Test;

class NearDuplicateGroupsTest {

  @Test
  void groupsAreConnectedComponentsWithinTheRadius() {
    long[] codes = {
      0b0000L, // 0
      0b0001L, // 1: 1 from item 0
      0b0011L, // 2: 1 from item 1, 2 from item 0 -> chained into the same group
      0xFF00L, // 3: alone
      0xFF0FL, // 4: 4 from item 3 -> alone at radius 1
    };
    assertThat(NearDuplicateGroups.of(CodeLength.BITS_64, codes, 5, 1))
        .containsExactly(new int[] {0, 1, 2});
    assertThat(NearDuplicateGroups.of(CodeLength.BITS_64, codes, 5, 4))
        .containsExactly(new int[] {0, 1, 2}, new int[] {3, 4});
    assertThat(NearDuplicateGroups.of(CodeLength.BITS_64, codes, 5, 0)).isEmpty();
  }
}
