package io.hashstream.pdq;

import io.hashstream.code.CodeLength;
import io.hashstream.code.HexCodes;
import java.util.Objects;

/**
 * A PDQ hash: 256 bits and the quality (0–100) of the image they came from.
 *
 * <p><b>Representation.</b> The bits are a {@link CodeLength#BITS_256} code in this project's
 * packing (4 {@code long} words, bit 0 the most significant bit of word 0), chosen so that {@link
 * #hex()}, which is {@code HexCodes.encode(CodeLength.BITS_256, code, 0)}, prints exactly the
 * 64-character string of Meta's reference implementation and of hash-sharing lists (ThreatExchange,
 * HMA). A code can therefore go straight into a {@link io.hashstream.index.HammingIndex} of 256-bit
 * codes, and hex strings from either side are interchangeable.
 *
 * <p><b>Matching.</b> Two images are near-duplicates when the Hamming {@link #distance} of their
 * hashes is at most {@link #DEFAULT_MATCH_RADIUS}, and a hash is only worth matching when its
 * {@link #quality()} is at least {@link #MIN_USEFUL_QUALITY}.
 *
 * <p>Immutable (four longs and an int, 40 bytes); {@link #equals} compares bits and quality.
 */
public final class PdqHash {
  /** The length of a PDQ code in this project's packing. */
  public static final CodeLength CODE_LENGTH = CodeLength.BITS_256;

  /**
   * The Hamming distance up to which two PDQ hashes are taken to be the same image: 31 of 256 bits,
   * the threshold Meta's PDQ documentation recommends starting from. On the parity fixture the
   * reference's eleven edits of one photo (blur, sharpen, contrast, saturation, shrink, squash to a
   * square) are 2–16 bits from it, while 171 pairs of unrelated photos are 102–150 bits apart (mean
   * 128.5).
   */
  public static final int DEFAULT_MATCH_RADIUS = 31;

  /**
   * The lowest quality worth matching on: Meta recommends discarding hashes of quality 49 or less.
   * Low quality means few significant gradients on the 64×64 grid (a flat, nearly blank or very
   * dark image); the hash bits of such an image are decided by tiny coefficient differences and
   * noise, so unrelated low-quality images collide far more often than the match radius assumes.
   */
  public static final int MIN_USEFUL_QUALITY = 50;

  private static final int HEX_CHARS = 64;

  private final long word0;
  private final long word1;
  private final long word2;
  private final long word3;
  private final int quality;

  private PdqHash(long word0, long word1, long word2, long word3, int quality) {
    requireQuality(quality);
    this.word0 = word0;
    this.word1 = word1;
    this.word2 = word2;
    this.word3 = word3;
    this.quality = quality;
  }

  static void requireQuality(int quality) {
    if (quality < 0 || quality > PdqGrid.MAX_QUALITY) {
      throw new IllegalArgumentException("PDQ quality is 0..100, got " + quality);
    }
  }

  /**
   * A hash from a packed code.
   *
   * @param code a {@link #CODE_LENGTH} code at {@code code[offset..offset + 3]}; copied
   * @param offset where the code starts
   * @param quality 0 to 100
   * @return the hash
   * @throws IllegalArgumentException if the quality is outside 0..100
   * @throws IndexOutOfBoundsException if fewer than 4 words follow {@code offset}
   */
  public static PdqHash of(long[] code, int offset, int quality) {
    Objects.checkFromIndexSize(offset, CODE_LENGTH.words(), code.length);
    return new PdqHash(code[offset], code[offset + 1], code[offset + 2], code[offset + 3], quality);
  }

  /**
   * Parses the 64-hex-digit form used by the reference implementation and by hash-sharing lists.
   * Upper- and lower-case digits are accepted; nothing else (no whitespace, no {@code 0x} prefix,
   * no non-ASCII digits).
   *
   * @param hex exactly 64 hex digits
   * @param quality the quality recorded with the hash, 0 to 100 (the hex form does not carry it)
   * @return the hash
   * @throws IllegalArgumentException if {@code hex} is not exactly 64 hex digits, naming the length
   *     or the first offending character, or if the quality is outside 0..100
   */
  public static PdqHash fromHex(CharSequence hex, int quality) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != HEX_CHARS) {
      throw new IllegalArgumentException(
          "a PDQ hash is exactly 64 hex digits, got "
              + hex.length()
              + " characters: "
              + quote(hex));
    }
    for (int i = 0; i < HEX_CHARS; i++) {
      char c = hex.charAt(i);
      boolean digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!digit) {
        throw new IllegalArgumentException(
            "a PDQ hash is exactly 64 hex digits, but character "
                + i
                + " is '"
                + c
                + "': "
                + quote(hex));
      }
    }
    long[] code = new long[CODE_LENGTH.words()];
    HexCodes.decode(hex, CODE_LENGTH, code, 0);
    return of(code, 0, quality);
  }

  private static String quote(CharSequence hex) {
    return hex.length() <= 2 * HEX_CHARS
        ? "\"" + hex + "\""
        : "\"" + hex.subSequence(0, 2 * HEX_CHARS) + "\"...";
  }

  /**
   * The lower-case hex form, identical to the reference implementation's.
   *
   * @return 64 hex digits
   */
  public String hex() {
    return HexCodes.encode(CODE_LENGTH, code(), 0);
  }

  /**
   * The bits as a new packed code.
   *
   * @return 4 words in {@link #CODE_LENGTH} packing
   */
  public long[] code() {
    long[] code = new long[CODE_LENGTH.words()];
    copyTo(code, 0);
    return code;
  }

  /**
   * Writes the bits into an array, e.g. a {@link io.hashstream.code.PackedCodes} batch, without
   * allocating.
   *
   * @param dst receives 4 words
   * @param offset where they go
   * @throws IndexOutOfBoundsException if fewer than 4 words follow {@code offset}
   */
  public void copyTo(long[] dst, int offset) {
    Objects.checkFromIndexSize(offset, CODE_LENGTH.words(), dst.length);
    dst[offset] = word0;
    dst[offset + 1] = word1;
    dst[offset + 2] = word2;
    dst[offset + 3] = word3;
  }

  /**
   * The quality of the hashed image: 0 for a flat image, 100 for a sharp photograph.
   *
   * @return 0 to 100
   */
  public int quality() {
    return quality;
  }

  /**
   * Whether the quality reaches {@link #MIN_USEFUL_QUALITY}.
   *
   * @return true if the hash is worth matching
   */
  public boolean isUseful() {
    return quality >= MIN_USEFUL_QUALITY;
  }

  /**
   * The Hamming distance between the bits of two hashes (qualities are ignored). Four POPCNTs, no
   * allocation.
   *
   * @param other another hash
   * @return 0 to 256
   */
  public int distance(PdqHash other) {
    return Long.bitCount(word0 ^ other.word0)
        + Long.bitCount(word1 ^ other.word1)
        + Long.bitCount(word2 ^ other.word2)
        + Long.bitCount(word3 ^ other.word3);
  }

  /** The distance to the 4-word code at {@code code[offset]}; no bounds check beyond the JVM's. */
  int distance(long[] code, int offset) {
    return Long.bitCount(word0 ^ code[offset])
        + Long.bitCount(word1 ^ code[offset + 1])
        + Long.bitCount(word2 ^ code[offset + 2])
        + Long.bitCount(word3 ^ code[offset + 3]);
  }

  /**
   * Whether both hashes have the same bits and the same quality.
   *
   * @param other another object
   * @return true if equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof PdqHash that
        && word0 == that.word0
        && word1 == that.word1
        && word2 == that.word2
        && word3 == that.word3
        && quality == that.quality;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(word0);
    h = 31 * h + Long.hashCode(word1);
    h = 31 * h + Long.hashCode(word2);
    h = 31 * h + Long.hashCode(word3);
    return 31 * h + quality;
  }

  /**
   * The hex form and the quality, e.g. {@code f8f8f0ce…9b22 q=100}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    return hex() + " q=" + quality;
  }
}
