package io.hashstream.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hashstream.code.Hamming;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {

  @Test
  void aReencodedCopyIsCloserThanAnotherPhotoAndHashingIsDeterministic() throws Exception {
    RgbImage cat = read("/encoder/images/chelsea.png");
    RgbImage coffee = read("/encoder/images/coffee.png");
    for (PerceptualHash algorithm : PerceptualHash.values()) {
      long original = algorithm.hash(cat);
      long copy = algorithm.hash(CopyTransform.JPEG_QUALITY_20.apply(cat));
      long other = algorithm.hash(coffee);
      assertThat(Hamming.distance(original, copy))
          .as(algorithm.name())
          .isLessThan(Hamming.distance(original, other));
      assertThat(algorithm.hash(cat)).isEqualTo(original);
    }
  }

  @Test
  void dhashOfAHorizontalRampIsAllOnesAndOfItsMirrorAllZeros() {
    int[] ramp = new int[90 * 80];
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 90; x++) {
        int v = x * 255 / 89;
        ramp[y * 90 + x] = v << 16 | v << 8 | v;
      }
    }
    RgbImage image = RgbImage.of(90, 80, ramp);
    assertThat(PerceptualHash.DHASH.hash(image)).isEqualTo(-1L);
    assertThat(PerceptualHash.DHASH.hash(CopyTransform.HORIZONTAL_FLIP.apply(image))).isZero();
  }

  @Test
  void theDctOfAConstantHasOnlyADcTerm() {
    double[][] m = new double[4][4];
    for (double[] row : m) {
      java.util.Arrays.fill(row, 3);
    }
    double[][] dct = PerceptualHash.dct2(m);
    assertThat(dct[0][0]).isCloseTo(4 * 4 * 3 * 4, within(1e-9)); // (2·Σ)·(2·Σ)/… = 4·n²·v
    assertThat(dct[1][0]).isCloseTo(0, within(1e-9));
    assertThat(dct[2][3]).isCloseTo(0, within(1e-9));
  }

  private static RgbImage read(String resource) throws Exception {
    try (InputStream in = PerceptualHashTest.class.getResourceAsStream(resource)) {
      return ImageDecoder.withDefaults().decode(in.readAllBytes());
    }
  }
}
