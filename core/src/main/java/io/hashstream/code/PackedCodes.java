package io.hashstream.code;

import java.util.Arrays;

/**
 * A growable list of codes of one {@link CodeLength}, packed back to back in one {@code long[]}
 * (code {@code i} is words {@code [i * words, (i + 1) * words)} of {@link #array()}), plus the
 * static helpers that pack bits into words.
 *
 * <p>Footprint: {@code 8 * words} bytes per code plus up to 50% growth slack ({@link #trim()} drops
 * it). No per-code objects. {@link #add} allocates only when the array grows (amortised O(1));
 * reads never allocate. Not synchronised: one writer, and readers only when no write is in flight.
 */
public final class PackedCodes {
  private final CodeLength length;
  private final int words;
  private long[] data;
  private int size;

  /** Creates an empty list with room for {@code initialCapacity} codes. */
  public PackedCodes(CodeLength length, int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("negative capacity " + initialCapacity);
    }
    this.length = length;
    this.words = length.words();
    this.data = new long[Math.multiplyExact(Math.max(initialCapacity, 1), words)];
  }

  /** Returns the code length. */
  public CodeLength length() {
    return length;
  }

  /** Returns the number of codes. */
  public int size() {
    return size;
  }

  /**
   * Appends the code at {@code code[offset]} and returns its index.
   *
   * @throws IllegalArgumentException if a code shorter than 64 bits has bits set above its length
   */
  public int add(long[] code, int offset) {
    requireValid(length, code, offset);
    ensureCapacity(size + 1);
    System.arraycopy(code, offset, data, size * words, words);
    return size++;
  }

  /** Appends a one-word code and returns its index. */
  public int add(long code) {
    if (words != 1) {
      throw new IllegalArgumentException(length + " codes take " + words + " words");
    }
    if ((code & ~length.wordMask()) != 0) {
      throw new IllegalArgumentException("bits set above bit " + length.bits() + ": " + code);
    }
    ensureCapacity(size + 1);
    data[size] = code;
    return size++;
  }

  /** Returns word {@code word} of code {@code index}. */
  public long word(int index, int word) {
    return data[offset(index) + word];
  }

  /** Copies code {@code index} into {@code dst[dstOffset..]}. */
  public void copyTo(int index, long[] dst, int dstOffset) {
    System.arraycopy(data, offset(index), dst, dstOffset, words);
  }

  /** Returns the offset of code {@code index} in {@link #array()}. */
  public int offset(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("code " + index + " of " + size);
    }
    return index * words;
  }

  /**
   * Returns the backing array (not a copy: it is replaced when the list grows, so re-read it after
   * every {@link #add}). Only the first {@code size() * length().words()} words are codes.
   */
  public long[] array() {
    return data;
  }

  /** Removes every code, keeping the array. */
  public void clear() {
    size = 0;
  }

  /** Shrinks the backing array to the codes it holds. */
  public void trim() {
    data = Arrays.copyOf(data, Math.max(size, 1) * words);
  }

  /** Returns the bytes the backing array takes on the heap (header included). */
  public long footprintBytes() {
    return 16L + 8L * data.length;
  }

  private void ensureCapacity(int codes) {
    long needed = (long) codes * words;
    if (needed > data.length) {
      long grown = Math.max(needed, data.length + (data.length >> 1) + words);
      data = Arrays.copyOf(data, Math.toIntExact(Math.min(grown, Integer.MAX_VALUE - 8)));
    }
  }

  /**
   * Throws if {@code code[offset..]} is not a valid packed code of {@code length} (bits set above a
   * one-word code's length, or too few words).
   */
  public static void requireValid(CodeLength length, long[] code, int offset) {
    if (offset < 0 || offset + length.words() > code.length) {
      throw new IndexOutOfBoundsException(
          "a " + length.bits() + "-bit code at " + offset + " overruns " + code.length + " words");
    }
    if (!length.isValid(code, offset)) {
      throw new IllegalArgumentException(
          "bits set above bit " + length.bits() + ": " + Long.toHexString(code[offset]));
    }
  }

  /** Returns bit {@code bit} (0 = first) of the code at {@code code[offset]}. */
  public static boolean bit(CodeLength length, long[] code, int offset, int bit) {
    return (code[offset + wordOf(length, bit)] >>> shiftOf(length, bit) & 1L) != 0;
  }

  /** Sets bit {@code bit} (0 = first) of the code at {@code code[offset]}. */
  public static void setBit(CodeLength length, long[] code, int offset, int bit) {
    code[offset + wordOf(length, bit)] |= 1L << shiftOf(length, bit);
  }

  /**
   * Packs {@code length.bits()} sign decisions, {@code values[offset + i] > 0} giving bit {@code
   * i}, into {@code dst[dstOffset..]} (overwriting those words). This is the HashCoder's {@code
   * logit > 0} rule; NaN gives 0.
   */
  public static void packSigns(
      float[] values, int offset, CodeLength length, long[] dst, int dstOffset) {
    int bits = length.bits();
    int perWord = Math.min(64, bits);
    for (int w = 0; w < length.words(); w++) {
      long word = 0;
      int base = offset + w * 64;
      for (int i = 0; i < perWord; i++) {
        word = (word << 1) | (values[base + i] > 0f ? 1L : 0L);
      }
      dst[dstOffset + w] = word;
    }
  }

  private static int wordOf(CodeLength length, int bit) {
    if (bit < 0 || bit >= length.bits()) {
      throw new IndexOutOfBoundsException("bit " + bit + " of a " + length.bits() + "-bit code");
    }
    return bit >>> 6;
  }

  private static int shiftOf(CodeLength length, int bit) {
    return length.words() == 1 ? length.bits() - 1 - bit : 63 - (bit & 63);
  }
}
