package io.hashstream.pdq;

import java.util.Objects;

/**
 * The PDQ hashes of the eight {@link PdqDihedral} variants of one image, and the image's quality
 * (the same for all eight, since turning an image does not change its gradients).
 *
 * <p>Use: index the {@link #original()} hash, and match a query against all eight with {@link
 * #minDistance}, or index all eight to catch rotated and mirrored uploads of a known image.
 *
 * <p>Immutable: 32 longs in one array plus the quality (about 300 bytes). {@link #get} allocates
 * the returned {@link PdqHash}; {@link #minDistance} and {@link #copyTo} do not allocate.
 */
public final class PdqDihedralHashes {
  private static final int WORDS = MedianThreshold.WORDS;

  private final long[] codes;
  private final int quality;

  /** Wraps {@code codes} (8 × 4 words, in {@link PdqDihedral} order) without copying. */
  PdqDihedralHashes(long[] codes, int quality) {
    if (codes.length != PdqDihedral.values().length * WORDS) {
      throw new IllegalArgumentException(codes.length + " words for 8 hashes");
    }
    PdqHash.requireQuality(quality);
    this.codes = codes;
    this.quality = quality;
  }

  /**
   * The hash of one variant.
   *
   * @param variant which one
   * @return its hash, with the image's quality
   */
  public PdqHash get(PdqDihedral variant) {
    return PdqHash.of(codes, variant.ordinal() * WORDS, quality);
  }

  /**
   * The hash of the image as it is; equal to {@link PdqHasher#hash} of the same image.
   *
   * @return {@code get(PdqDihedral.ORIGINAL)}
   */
  public PdqHash original() {
    return get(PdqDihedral.ORIGINAL);
  }

  /**
   * The quality of the image.
   *
   * @return 0 to 100
   */
  public int quality() {
    return quality;
  }

  /**
   * The smallest Hamming distance from {@code query} to any of the eight hashes: how close the
   * query is to the image turned in whichever way fits best. Eight 4-word comparisons, no
   * allocation.
   *
   * @param query a hash
   * @return 0 to 256
   */
  public int minDistance(PdqHash query) {
    Objects.requireNonNull(query, "query");
    int best = Integer.MAX_VALUE;
    for (int at = 0; at < codes.length; at += WORDS) {
      best = Math.min(best, query.distance(codes, at));
    }
    return best;
  }

  /**
   * Writes the bits of one variant into an array without allocating.
   *
   * @param variant which one
   * @param dst receives 4 words in {@link PdqHash#CODE_LENGTH} packing
   * @param offset where they go
   */
  public void copyTo(PdqDihedral variant, long[] dst, int offset) {
    Objects.checkFromIndexSize(offset, WORDS, dst.length);
    System.arraycopy(codes, variant.ordinal() * WORDS, dst, offset, WORDS);
  }

  @Override
  public String toString() {
    return "PdqDihedralHashes[" + original().hex() + " +7, q=" + quality + "]";
  }
}
