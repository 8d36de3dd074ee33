package io.hashstream.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.CopyTransform;
import io.hashstream.image.RgbImage;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHash;
import io.hashstream.pdq.PdqHasher;
import io.hashstream.trainer.eval.FusedOperatingPoint;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PDQ and PDQ×8 as copy detection scores them: the nearest variant, and the job's quality rule. */
class PerceptualSignalTest {
  private final PdqHasher hasher = new PdqHasher();

  @Test
  void pdqX8FindsAQuarterTurnThatPlainPdqMisses() {
    RgbImage photo = blocks(7);
    List<PdqDihedralHashes> queries = List.of(hasher.hashDihedral(CopyTransform.ROTATE_90.apply(photo)));
    List<PdqDihedralHashes> database = List.of(hasher.hashDihedral(photo));

    PerceptualSignal pdq = PerceptualSignal.pdq("pdq", queries, database, false);
    PerceptualSignal pdqX8 = PerceptualSignal.pdq("pdq-x8", queries, database, true);

    assertThat(pdq.words()).isEqualTo(4);
    assertThat(pdq.variants()).isEqualTo(1);
    assertThat(pdqX8.variants()).isEqualTo(8);
    // within the job's match radius turned back, far from it as uploaded
    assertThat(pdqX8.distance(0, 0)).isLessThanOrEqualTo(PdqHash.DEFAULT_MATCH_RADIUS);
    assertThat(pdq.distance(0, 0)).isGreaterThan(3 * PdqHash.DEFAULT_MATCH_RADIUS);
    assertThat(pdqX8.usefulFractions()).containsExactly(1.0, 1.0);
  }

  @Test
  void aFlatImageNeverMatches() {
    RgbImage photo = blocks(3);
    List<PdqDihedralHashes> queries = List.of(hasher.hashDihedral(photo));
    List<PdqDihedralHashes> database =
        List.of(hasher.hashDihedral(photo), hasher.hashDihedral(RgbImage.filled(64, 64, 0x808080)));

    PerceptualSignal pdqX8 = PerceptualSignal.pdq("pdq-x8", queries, database, true);

    assertThat(pdqX8.distance(0, 0)).isZero();
    assertThat(pdqX8.distance(0, 1)).isEqualTo(FusedOperatingPoint.NOT_COMPARABLE);
    assertThat(pdqX8.asPairDistance().distance(0, 1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(pdqX8.usefulFractions()).containsExactly(1.0, 0.5);
  }

  /** A square image of random 8×8-pixel blocks: plenty of structure, a high PDQ quality. */
  private static RgbImage blocks(long seed) {
    Random random = new Random(seed);
    int size = 128;
    int[] rgb = new int[size * size];
    int[] cells = new int[16 * 16];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = random.nextInt(0x1000000);
    }
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        rgb[y * size + x] = cells[(y / 8) * 16 + x / 8];
      }
    }
    return RgbImage.of(size, size, rgb);
  }
}
