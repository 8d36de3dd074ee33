package io.hashstream.flink.inference;

import io.hashstream.pdq.PdqDihedral;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHash;

/**
 * How the job carries an upload's PDQ hashes between operators and in state: the eight dihedral
 * variants packed one after another, {@link #WORDS} longs each, in {@link PdqDihedral} order, so the
 * original hash is words 0..3. Primitive arrays travel through Flink's serializers without boxing.
 */
public final class PdqSignal {
  /** Longs per PDQ hash. */
  public static final int WORDS = PdqHash.CODE_LENGTH.words();

  private static final PdqDihedral[] VARIANTS = PdqDihedral.values();

  private PdqSignal() {}

  /** The eight hashes of {@code pdq}, packed. */
  public static long[] pack(PdqDihedralHashes pdq) {
    long[] out = new long[VARIANTS.length * WORDS];
    for (int v = 0; v < VARIANTS.length; v++) {
      pdq.copyTo(VARIANTS[v], out, v * WORDS);
    }
    return out;
  }

  /** The original (untransformed) hash of a packed array. */
  public static long[] original(long[] packed) {
    return java.util.Arrays.copyOf(packed, WORDS);
  }

  /** How many variants a packed array holds. */
  public static int variants(long[] packed) {
    return packed.length / WORDS;
  }

  /** The variant at {@code index} ({@link PdqDihedral#values()} order). */
  public static PdqDihedral variant(int index) {
    return VARIANTS[index];
  }

  /** The original hash of a packed array as hash-sharing lists write it. */
  public static String hex(long[] packed) {
    return PdqHash.of(packed, 0, 0).hex();
  }
}
