package io.hashstream.index.mih;

import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;

/**
 * How a segment cuts codes into substrings: {@code m} contiguous runs of bits (table {@code j}
 * keys on bits {@code [start[j], start[j] + width[j])}), and how many directory bits each table
 * spends on them.
 *
 * <p>A table whose directory has fewer bits than its substring is <i>folded</i>: a multiplicative
 * hash maps each substring value to one of {@code 2^dirBits} buckets, so a bucket mixes values and
 * a probe checks each candidate's key. Folding keeps the directory (4 bytes per bucket) within the
 * memory budget when a segment holds fewer items than a substring has values.
 */
final class TableLayout {
  /** The widest substring: keys stay in an {@code int}-indexable range and probes in a long. */
  static final int MAX_SUBSTRING_BITS = 32;

  /** The most tables a one-word code may have: 16 B (code + id) + 4 B per extra table ≤ 32 B. */
  static final int MAX_TABLES_ONE_WORD = 4;

  /** Heap budget per one-word item, bytes: the 32, less a margin for headers/tombstones. */
  static final double ONE_WORD_BUDGET_BYTES = 31.5;

  private static final long FOLD_MULTIPLIER = 0x9E3779B97F4A7C15L;

  final CodeLength length;
  final int bits;
  final int words;
  final int m;
  final int[] start;
  final int[] width;
  final int[] dirBits;
  /** Bits of table j in word w of a code: {@code masks[j * words + w]}. */
  final long[] masks;

  private final int[] lowWord;
  private final int[] lowShift;
  private final int[] highBits;

  private TableLayout(CodeLength length, int m, int[] dirBits) {
    this.length = length;
    this.bits = length.bits();
    this.words = length.words();
    this.m = m;
    this.start = new int[m];
    this.width = new int[m];
    this.dirBits = dirBits;
    this.masks = new long[m * words];
    this.lowWord = new int[m];
    this.lowShift = new int[m];
    this.highBits = new int[m];
    int at = 0;
    for (int j = 0; j < m; j++) {
      start[j] = at;
      width[j] = bits / m + (j < bits % m ? 1 : 0);
      for (int i = at; i < at + width[j]; i++) {
        PackedCodes.setBit(length, masks, j * words, i);
      }
      int end = at + width[j] - 1;
      if (words == 1) {
        lowWord[j] = 0;
        lowShift[j] = bits - 1 - end;
      } else {
        lowWord[j] = end >>> 6;
        lowShift[j] = 63 - (end & 63);
        // bits of the substring that lie in the word before lowWord (0 if it does not span)
        highBits[j] = (at >>> 6) == lowWord[j] ? 0 : 64 - (at & 63);
      }
      at += width[j];
    }
  }

  /**
   * The substring count rule: {@code m = ceil(bits / floor(log2 n))}, so substrings are at most
   * {@code floor(log2 n)} bits and a bucket holds one item or more (Norouzi et al. choose {@code
   * bits / log2 n}; rounding up keeps the directories small enough not to fold at 1M and 10M
   * 64-bit items, measured faster there). At least {@code ceil(bits / 32)}; at most {@value
   * #MAX_TABLES_ONE_WORD} for one-word codes (the 32-byte budget) and {@code bits / 8} for longer
   * ones.
   */
  static int substringCount(CodeLength length, int n) {
    int bits = length.bits();
    int floorLog2 = Math.max(1, 31 - Integer.numberOfLeadingZeros(Math.max(n, 2)));
    int m = (bits + floorLog2 - 1) / floorLog2;
    int maxTables = length.words() == 1 ? MAX_TABLES_ONE_WORD : bits / 8;
    m = Math.min(m, maxTables);
    return Math.max(m, (bits + MAX_SUBSTRING_BITS - 1) / MAX_SUBSTRING_BITS);
  }

  /**
   * Lays out tables for a segment of {@code n} items: {@code substringCount} tables (0: the rule
   * above), each directory {@code min(width, floor(log2 n) - 1)} bits, then shrunk (largest first)
   * until the estimated bytes per item fit the budget: {@value #ONE_WORD_BUDGET_BYTES} for one-word
   * codes, about one directory byte per item and table for longer ones.
   */
  static TableLayout forSize(CodeLength length, int n, int substringCount) {
    int m = substringCount > 0 ? substringCount : substringCount(length, n);
    if (m > length.bits() || (length.bits() + m - 1) / m > MAX_SUBSTRING_BITS) {
      throw new IllegalArgumentException(
          m + " substrings do not cut " + length.bits() + " bits into runs of 1.."
              + MAX_SUBSTRING_BITS);
    }
    int floorLog2 = 31 - Integer.numberOfLeadingZeros(Math.max(n, 1));
    int[] dirBits = new int[m];
    for (int j = 0; j < m; j++) {
      int width = length.bits() / m + (j < length.bits() % m ? 1 : 0);
      dirBits[j] = Math.max(0, Math.min(width, floorLog2 - 1));
    }
    double budget =
        length.words() == 1
            ? ONE_WORD_BUDGET_BYTES
            : 8.0 * length.words() + 8 + 4.0 * (m - 1) + m;
    while (bytesPerItem(length, m, dirBits, n) > budget) {
      int widest = 0;
      for (int j = 1; j < m; j++) {
        widest = dirBits[j] > dirBits[widest] ? j : widest;
      }
      if (dirBits[widest] == 0) {
        break;
      }
      dirBits[widest]--;
    }
    return new TableLayout(length, m, dirBits);
  }

  /** Estimated bytes per item: code, id, one int posting per table but the first, directories. */
  static double bytesPerItem(CodeLength length, int m, int[] dirBits, int n) {
    double directories = 0;
    for (int bitsOfDirectory : dirBits) {
      directories += 4.0 * ((1L << bitsOfDirectory) + 1);
    }
    return 8.0 * length.words() + 8 + 4.0 * (m - 1) + directories / Math.max(n, 1);
  }

  /** Returns whether table {@code j}'s buckets mix several substring values. */
  boolean folded(int j) {
    return dirBits[j] < width[j];
  }

  /** Returns the substring (key) of table {@code j} of the code at {@code code[offset]}. */
  long key(long[] code, int offset, int j) {
    long low = code[offset + lowWord[j]] >>> lowShift[j];
    int w = width[j];
    if (highBits[j] != 0) {
      int lowBits = w - highBits[j];
      low |= code[offset + lowWord[j] - 1] << lowBits;
    }
    return low & ((1L << w) - 1);
  }

  /** Returns the bucket of key {@code key} in table {@code j}. */
  int bucket(int j, long key) {
    int d = dirBits[j];
    if (d == width[j]) {
      return (int) key;
    }
    return d == 0 ? 0 : (int) ((key * FOLD_MULTIPLIER) >>> (64 - d));
  }

  /**
   * Returns the stage at which a search first meets the item: {@code min over j of (m · d_j + j)}
   * where {@code d_j} is the distance between the item's and the query's substring {@code j}.
   * Stage {@code m · t + j} probes table {@code j} at substring distance exactly {@code t}; after
   * stage {@code P} every item within distance {@code P} has been met (the refined pigeonhole
   * bound), so the first stage is never above the full distance.
   */
  int firstStage(long[] code, int offset, long[] query, int queryOffset) {
    int best = Integer.MAX_VALUE;
    for (int j = 0; j < m; j++) {
      best = Math.min(best, m * substringDistance(code, offset, query, queryOffset, j) + j);
    }
    return best;
  }

  /** Returns whether the item's first stage is in table {@code j} (see {@link #firstStage}). */
  boolean firstMeetsAt(long[] code, int offset, long[] query, int queryOffset, int j) {
    int stage = m * substringDistance(code, offset, query, queryOffset, j) + j;
    for (int other = 0; other < m; other++) {
      if (other != j
          && m * substringDistance(code, offset, query, queryOffset, other) + other < stage) {
        return false;
      }
    }
    return true;
  }

  /** Returns the distance between the item's and the query's substring {@code j}. */
  int substringDistance(long[] code, int offset, long[] query, int queryOffset, int j) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount((code[offset + w] ^ query[queryOffset + w]) & masks[j * words + w]);
    }
    return d;
  }
}
