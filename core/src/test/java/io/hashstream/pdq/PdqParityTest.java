package io.hashstream.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.RgbImage;
import io.hashstream.pdq.PdqFixtures.Row;
import java.awt.image.BufferedImage;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our hashes against the reference implementation's on its own test images and on the demo photos
 * ({@code src/test/resources/pdq-parity/README.md}). The reference's acceptance rule: the exact
 * hash when the pixels are the same, and at most 10 bits for images of quality ≥ 80 when decoders
 * differ.
 */
class PdqParityTest {
  private static final int DECODER_DRIFT_BITS_MAX = 10;
  private static final int DRIFT_RULE_MIN_QUALITY = 80;

  private static List<Row> rows;

  @BeforeAll
  static void loadReference() {
    rows = PdqFixtures.referenceRows();
  }

  @Test
  void theFixtureCoversTheReferenceImagesAndTheDemoPhotos() {
    assertThat(rows).hasSize(39);
    assertThat(rows).filteredOn(r -> r.file().startsWith(PdqFixtures.DEMO_PREFIX)).hasSize(16);
    assertThat(rows).extracting(Row::quality).contains(0, 100);
  }

  /**
   * The reference's decode path (ImageIO, then getRGB): every hash and quality must be exact. Note
   * that with TwelveMonkeys on the classpath ImageIO decodes JPEGs with its reader, not the JDK's
   * the reference ran with; the pixels are the same.
   */
  @Test
  void imageIoDecodedImagesHashExactlyAsTheReference() {
    PdqHasher hasher = new PdqHasher();
    Parity parity = new Parity(true, DECODER_DRIFT_BITS_MAX);
    for (Row row : rows) {
      BufferedImage image = PdqFixtures.read(row);
      parity.add(row, hasher.hashDihedral(image));
      parity
          .softly
          .assertThat(hasher.hash(image))
          .as("%s hash()", row.file())
          .isEqualTo(PdqHash.fromHex(row.hex(PdqDihedral.ORIGINAL), row.quality()));
    }

    System.out.printf(
        "PDQ parity, ImageIO + getRGB: %d/%d images exact (8 hashes and quality), max %d bits%n",
        parity.exactImages, rows.size(), parity.maxBits);
    parity.softly.assertAll();
  }

  /**
   * This project's own pixels ({@link RgbImage#fromBufferedImage}) are the reference's for colour
   * files, so those hashes are exact too. Grey files differ: {@code getRGB} converts Java's linear
   * grey colour space to sRGB (stored grey 15 reads as 69), while {@link RgbImage} keeps the stored
   * value, as PIL does. That is a different decoder in the reference's sense; the hashes must still
   * match each other within {@link PdqHash#DEFAULT_MATCH_RADIUS}.
   */
  @Test
  void rgbImagePixelsAreExactForColourFilesAndMatchForGreyOnes() {
    PdqHasher hasher = new PdqHasher();
    Parity colour = new Parity(true, PdqHash.DEFAULT_MATCH_RADIUS);
    Parity grey = new Parity(false, PdqHash.DEFAULT_MATCH_RADIUS);
    for (Row row : rows) {
      BufferedImage image = PdqFixtures.read(row);
      boolean isGrey = image.getColorModel().getNumColorComponents() == 1;
      (isGrey ? grey : colour).add(row, hasher.hashDihedral(RgbImage.fromBufferedImage(image)));
    }

    System.out.printf(
        "PDQ parity, RgbImage.fromBufferedImage: colour %d/%d exact (max %d bits), grey %d/%d exact"
            + " (max %d bits)%n",
        colour.exactImages,
        colour.images,
        colour.maxBits,
        grey.exactImages,
        grey.images,
        grey.maxBits);
    assertThat(grey.images).as("grey demo photos").isPositive();
    colour.softly.assertAll();
    grey.softly.assertAll();
  }

  /**
   * Tallies one decode path. Failures are collected in {@link #softly}: any difference when {@code
   * requireExact}, and more than {@code maxBits} for images of quality ≥ 80 in any case.
   */
  private static final class Parity {
    final SoftAssertions softly = new SoftAssertions();
    final boolean requireExact;
    final int bitsAllowed;
    int images;
    int exactImages;
    int maxBits;

    Parity(boolean requireExact, int bitsAllowed) {
      this.requireExact = requireExact;
      this.bitsAllowed = bitsAllowed;
    }

    void add(Row row, PdqDihedralHashes ours) {
      images++;
      boolean same = ours.quality() == row.quality();
      if (requireExact) {
        softly.assertThat(ours.quality()).as("%s quality", row.file()).isEqualTo(row.quality());
      }
      for (PdqDihedral variant : PdqDihedral.values()) {
        String description = row.file() + " " + variant;
        String hex = ours.get(variant).hex();
        int bits = ours.get(variant).distance(PdqHash.fromHex(row.hex(variant), row.quality()));
        maxBits = Math.max(maxBits, bits);
        same &= bits == 0;
        if (requireExact) {
          softly.assertThat(hex).as(description).isEqualTo(row.hex(variant));
        }
        if (row.quality() >= DRIFT_RULE_MIN_QUALITY) {
          softly
              .assertThat(bits)
              .as("%s: %s vs reference %s", description, hex, row.hex(variant))
              .isLessThanOrEqualTo(bitsAllowed);
        }
      }
      if (same) {
        exactImages++;
      }
    }
  }
}
