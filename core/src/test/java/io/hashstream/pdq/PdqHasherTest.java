package io.hashstream.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.BorderTrimmer;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ExifOrientation;
import io.hashstream.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PdqHasherTest {
  /** The reference's own unit test (PDQHasherTest.java) pins these for bridge-1-original.jpg. */
  private static final String BRIDGE_HEX =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  /** How close a physically turned image hashes to the variant derived from the original's DCT. */
  private static final int DIHEDRAL_BITS_MAX = 10;

  /** What each variant means geometrically, stated independently of the code under test. */
  private static final Map<PdqDihedral, ExifOrientation> TURNS = new EnumMap<>(PdqDihedral.class);

  /** The reference's physically turned copies of bridge-1 (dih/), one per variant. */
  private static final Map<PdqDihedral, String> TURNED_FILES = new EnumMap<>(PdqDihedral.class);

  private static BufferedImage bridge;

  static {
    TURNS.put(PdqDihedral.ORIGINAL, ExifOrientation.NORMAL);
    TURNS.put(PdqDihedral.ROTATE_90, ExifOrientation.ROTATE_270_CW);
    TURNS.put(PdqDihedral.ROTATE_180, ExifOrientation.ROTATE_180);
    TURNS.put(PdqDihedral.ROTATE_270, ExifOrientation.ROTATE_90_CW);
    TURNS.put(PdqDihedral.FLIP_X, ExifOrientation.MIRROR_VERTICAL);
    TURNS.put(PdqDihedral.FLIP_Y, ExifOrientation.MIRROR_HORIZONTAL);
    TURNS.put(PdqDihedral.FLIP_PLUS_1, ExifOrientation.TRANSPOSE);
    TURNS.put(PdqDihedral.FLIP_MINUS_1, ExifOrientation.TRANSVERSE);
    TURNED_FILES.put(PdqDihedral.ORIGINAL, "dih/bridge-1-original.jpg");
    TURNED_FILES.put(PdqDihedral.ROTATE_90, "dih/bridge-2-rotate-90.jpg");
    TURNED_FILES.put(PdqDihedral.ROTATE_180, "dih/bridge-3-rotate-180.jpg");
    TURNED_FILES.put(PdqDihedral.ROTATE_270, "dih/bridge-4-rotate-270.jpg");
    TURNED_FILES.put(PdqDihedral.FLIP_X, "dih/bridge-5-flipx.jpg");
    TURNED_FILES.put(PdqDihedral.FLIP_Y, "dih/bridge-6-flipy.jpg");
    TURNED_FILES.put(PdqDihedral.FLIP_PLUS_1, "dih/bridge-7-flip-plus-1.jpg");
    TURNED_FILES.put(PdqDihedral.FLIP_MINUS_1, "dih/bridge-8-flip-minus-1.jpg");
  }

  private final PdqHasher hasher = new PdqHasher();

  @BeforeAll
  static void readBridge() {
    bridge = PdqFixtures.readResource("dih/bridge-1-original.jpg");
  }

  @Test
  void theJaroszWindowIsTheDimensionOver128RoundedUp() {
    assertThat(JaroszFilter.windowSize(1)).isEqualTo(1);
    assertThat(JaroszFilter.windowSize(127)).isEqualTo(1);
    assertThat(JaroszFilter.windowSize(128)).isEqualTo(1);
    assertThat(JaroszFilter.windowSize(129)).isEqualTo(2);
    assertThat(JaroszFilter.windowSize(256)).isEqualTo(2);
    assertThat(JaroszFilter.windowSize(257)).isEqualTo(3);
    assertThat(JaroszFilter.windowSize(1004)).isEqualTo(8);
    assertThat(JaroszFilter.windowSize(1600)).isEqualTo(13);
  }

  @Test
  void aFlatImageHasQualityZero() {
    PdqHash flat = hasher.hash(RgbImage.filled(300, 200, 0x3366CC));

    assertThat(flat.quality()).isZero();
    assertThat(flat.isUseful()).isFalse();
  }

  @Test
  void aPhotoHasFullQualityAndTheReferenceUnitTestHash() {
    PdqHash hash = hasher.hash(bridge);

    assertThat(hash.hex()).isEqualTo(BRIDGE_HEX);
    assertThat(hash.quality()).isEqualTo(100);
  }

  /** The reference unit test's distances: to the rotated file, and to an unrelated photo. */
  @Test
  void distancesToOtherFilesAreTheReferenceUnitTestDistances() {
    PdqHash hash = hasher.hash(bridge);

    assertThat(hash.distance(hasher.hash(PdqFixtures.readResource("dih/bridge-2-rotate-90.jpg"))))
        .isEqualTo(120);
    assertThat(hash.distance(hasher.hash(PdqFixtures.readResource("misc/pen-and-coaster.png"))))
        .isEqualTo(138);
  }

  @Test
  void aGreyscaleConversionHashesLikeTheColourImage() {
    BufferedImage grey =
        new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_GRAY), null).filter(bridge, null);

    assertThat(hasher.hash(grey).distance(hasher.hash(bridge))).isZero();
  }

  @Test
  void halfResolutionChangesOnlyAFewBits() {
    int w = bridge.getWidth() / 2;
    int h = bridge.getHeight() / 2;
    BufferedImage half = new BufferedImage(w, h, bridge.getType());
    Graphics2D g = half.createGraphics();
    g.drawImage(bridge, 0, 0, w, h, null);
    g.dispose();

    int bits = hasher.hash(half).distance(hasher.hash(bridge));

    System.out.println("PDQ half resolution: " + bits + " bits (reference unit test: 4)");
    assertThat(bits).isLessThanOrEqualTo(8);
  }

  @ParameterizedTest
  @EnumSource(PdqDihedral.class)
  void aTurnedImageHashesClosestToItsVariant(PdqDihedral variant) {
    RgbImage original = RgbImage.fromBufferedImage(bridge);
    PdqDihedralHashes variants = hasher.hashDihedral(original);

    PdqHash turned = hasher.hash(TURNS.get(variant).apply(original));

    int bits = turned.distance(variants.get(variant));
    assertThat(bits).isLessThanOrEqualTo(DIHEDRAL_BITS_MAX);
    assertThat(variants.minDistance(turned)).isEqualTo(bits);
    for (PdqDihedral other : PdqDihedral.values()) {
      if (other != variant) {
        assertThat(turned.distance(variants.get(other))).as(other.name()).isGreaterThan(60);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PdqDihedral.class)
  void theReferenceTurnedFilesHashCloseToTheirVariant(PdqDihedral variant) {
    PdqDihedralHashes variants = hasher.hashDihedral(bridge);

    PdqHash turned = hasher.hash(PdqFixtures.readResource(TURNED_FILES.get(variant)));

    assertThat(turned.distance(variants.get(variant))).isLessThanOrEqualTo(DIHEDRAL_BITS_MAX);
    assertThat(variant.swapsAxes()).isEqualTo(TURNS.get(variant).swapsAxes());
  }

  @Test
  void aBorderedCopyMatchesItsOriginalOnceTrimmed() {
    RgbImage original = RgbImage.fromBufferedImage(bridge);
    RgbImage bordered = CopyTransform.BORDER.apply(original);
    RgbImage borderedJpeg = CopyTransform.JPEG_QUALITY_20.apply(bordered);
    BorderTrimmer trimmer = BorderTrimmer.withDefaults();
    PdqHash hash = hasher.hash(original);

    int untrimmed = hash.distance(hasher.hash(bordered));
    int trimmed = hash.distance(hasher.hash(trimmer.trim(bordered)));
    int trimmedJpeg = hash.distance(hasher.hash(trimmer.trim(borderedJpeg)));
    int jpegOnly = hash.distance(hasher.hash(CopyTransform.JPEG_QUALITY_20.apply(original)));

    System.out.printf(
        "PDQ bits to a 10%% black border copy: %d untrimmed, %d trimmed, %d trimmed after JPEG q20"
            + " (JPEG q20 alone: %d)%n",
        untrimmed, trimmed, trimmedJpeg, jpegOnly);
    assertThat(untrimmed).isGreaterThan(PdqHash.DEFAULT_MATCH_RADIUS);
    assertThat(trimmed).isZero();
    assertThat(trimmedJpeg).isLessThanOrEqualTo(PdqHash.DEFAULT_MATCH_RADIUS);
  }

  @Test
  void theOriginalVariantIsThePlainHash() {
    PdqDihedralHashes variants = hasher.hashDihedral(bridge);

    assertThat(variants.original()).isEqualTo(hasher.hash(bridge));
    assertThat(variants.quality()).isEqualTo(100);
  }

  @Test
  void packedPixelsAndAnIntRgbBufferedImageHashAlike() {
    RgbImage image = RgbImage.fromBufferedImage(bridge);

    assertThat(hasher.hash(image)).isEqualTo(hasher.hash(image.toBufferedImage()));
  }

  @Test
  void reusedBuffersGiveTheSameHashesAsAFreshHasher() {
    RgbImage big = RgbImage.fromBufferedImage(bridge);
    RgbImage small = noise(97, 211, 7);
    PdqHash bigFirst = hasher.hash(big);
    PdqHash smallAfterBig = hasher.hash(small);

    assertThat(new PdqHasher().hash(small)).isEqualTo(smallAfterBig);
    assertThat(hasher.hash(big)).isEqualTo(bigFirst);
  }

  @Test
  void tinyImagesHash() {
    assertThat(hasher.hash(RgbImage.filled(1, 1, 0xFFFFFF)).quality()).isZero();
    assertThat(hasher.hash(noise(3, 2, 1)).hex()).hasSize(64);
  }

  private static RgbImage noise(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] px = new int[width * height];
    for (int i = 0; i < px.length; i++) {
      px[i] = random.nextInt(1 << 24);
    }
    return RgbImage.of(width, height, px);
  }
}
