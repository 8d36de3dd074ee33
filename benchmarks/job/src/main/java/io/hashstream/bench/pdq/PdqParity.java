package io.hashstream.bench.pdq;

import io.hashstream.image.RgbImage;
import io.hashstream.pdq.PdqDihedral;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqFixtures;
import io.hashstream.pdq.PdqFixtures.Row;
import io.hashstream.pdq.PdqHash;
import io.hashstream.pdq.PdqHasher;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How close our PDQ is to Meta's reference on the parity fixture (the reference's own test images
 * and the demo photos; core's {@code pdq-parity/}), for the report: the fraction of images whose
 * eight dihedral hashes and quality are all exact, and the largest distance of any hash. Two decode
 * paths: ImageIO + getRGB as the reference tool reads files, and the job's own pixels ({@link
 * RgbImage#fromBufferedImage}, which keeps grey files' stored values as PIL does). The parity
 * tests in core hold the rules; this only reports.
 */
final class PdqParity {
  private PdqParity() {}

  /** {@code exact_fraction}, {@code max_bits}, {@code images} and the same for the job's pixels. */
  static Map<String, Object> measure() {
    PdqHasher hasher = new PdqHasher();
    Map<String, Object> report = new LinkedHashMap<>(tally(hasher::hashDihedral));
    report.put("job_pixels", tally(image -> hasher.hashDihedral(RgbImage.fromBufferedImage(image))));
    return report;
  }

  private static Map<String, Object> tally(Function<BufferedImage, PdqDihedralHashes> hash) {
    int images = 0;
    int exact = 0;
    int maxBits = 0;
    for (Row row : PdqFixtures.referenceRows()) {
      PdqDihedralHashes ours = hash.apply(PdqFixtures.read(row));
      boolean same = ours.quality() == row.quality();
      for (PdqDihedral variant : PdqDihedral.values()) {
        int bits = ours.get(variant).distance(PdqHash.fromHex(row.hex(variant), row.quality()));
        maxBits = Math.max(maxBits, bits);
        same &= bits == 0;
      }
      images++;
      exact += same ? 1 : 0;
    }
    Map<String, Object> tally = new LinkedHashMap<>();
    tally.put("exact_fraction", Math.round(1000.0 * exact / images) / 1000.0);
    tally.put("max_bits", maxBits);
    tally.put("images", images);
    return tally;
  }
}
