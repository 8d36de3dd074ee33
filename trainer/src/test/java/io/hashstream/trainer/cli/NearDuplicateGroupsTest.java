package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void pdqLinksARotatedCopyAndNeverLinksHashesOfLowQuality(@TempDir Path dir) throws Exception {
    Path photos = ImageFolderFixture.write(dir);
    RgbImage cat = ImageDecoder.withDefaults().decode(Files.readAllBytes(photos.resolve("chelsea.png")));
    RgbImage coffee = ImageDecoder.withDefaults().decode(Files.readAllBytes(photos.resolve("coffee.png")));
    RgbImage flat = RgbImage.filled(64, 64, 0x777777);
    PdqHasher hasher = new PdqHasher();
    PdqDihedralHashes[] pdq = {
      hasher.hashDihedral(cat), hasher.hashDihedral(coffee),
      hasher.hashDihedral(CopyTransform.ROTATE_90.apply(cat)),
      hasher.hashDihedral(flat), hasher.hashDihedral(flat)
    };
    assertThat(pdq[3].quality()).isLessThan(50);
    long[] farCodes = {0L, -1L, 0x5555_5555_5555_5555L, 0x3333_3333_3333_3333L, 0x0F0F_0F0F_0F0F_0F0FL};

    NearDuplicateGroups groups = new NearDuplicateGroups(5);
    groups.linkCodes(CodeLength.BITS_64, farCodes, 2);
    groups.linkPdq(pdq, 31, 50);

    assertThat(groups.groups()).containsExactly(new int[] {0, 2});
  }

}
