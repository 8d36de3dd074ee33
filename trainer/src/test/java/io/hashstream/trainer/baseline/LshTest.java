package io.hashstream.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import org.junit.jupiter.api.Test;

class LshTest {

  @Test
  void theSameSeedGivesTheSameCodesAndAnotherSeedOthers() {
    float[][] rows = BaselineFixtures.clustered(50, 24, 5, 3);
    long[] a = Lsh.create(24, CodeLength.BITS_32, 7).codes(rows);
    long[] b = Lsh.create(24, CodeLength.BITS_32, 7).codes(rows);
    long[] c = Lsh.create(24, CodeLength.BITS_32, 8).codes(rows);
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void nearbyRowsGetCloserCodesThanFarRows() {
    float[][] rows = BaselineFixtures.clustered(200, 32, 4, 11);
    long[] codes = Lsh.create(32, CodeLength.BITS_64, 1).codes(rows);
    double same = 0;
    double other = 0;
    int nSame = 0;
    int nOther = 0;
    for (int i = 0; i < rows.length; i++) {
      for (int j = i + 1; j < rows.length; j++) {
        int d = Hamming.distance(codes[i], codes[j]);
        if (i % 4 == j % 4) {
          same += d;
          nSame++;
        } else {
          other += d;
          nOther++;
        }
      }
    }
    assertThat(same / nSame).isLessThan(other / nOther);
  }
}
